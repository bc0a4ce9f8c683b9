package dev.jollama.core.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HtmlTextTest {

    @Test
    void dropsTagsScriptsStylesAndCommentsAndDecodesEntities() {
        assertThat(HtmlText.of("<p>a &lt;b&gt; &quot;c&quot; &#65;&#x42; &copy; &unknown; &amp</p>"))
                .isEqualTo("a <b> \"c\" AB © &unknown; &amp");
        assertThat(HtmlText.of("x<script type=\"a>b\">if (a < b && c > d) {}</script>y<style>p{}</style>z"))
                .isEqualTo("xyz");
        assertThat(HtmlText.of("<div title='a > b'>kept</div><!-- gone --><SCRIPT>gone</SCRIPT>"))
                .isEqualTo("kept");
        assertThat(HtmlText.of("1 < 2 and 3 <= 4")).isEqualTo("1 < 2 and 3 <= 4");
    }

    @Test
    void blocksBreakLinesAndWhitespaceCollapses() {
        assertThat(HtmlText.of(
                        "<h1> Title </h1>\n\n\n<p>one\n   two</p><p>three<br>four</p><ul><li>x</li><li>y</li></ul>"))
                .isEqualTo("Title\n\none two\n\nthree\nfour\n\nx\ny");
    }

    @Test
    void anUnclosedTagAtTheEndIsDropped() {
        assertThat(HtmlText.of("text <a href=\"never closed")).isEqualTo("text");
        assertThat(HtmlText.of("before<script>never closed")).isEqualTo("before");
    }

    @Test
    @Timeout(20)
    void hostilePagesAreReadInOnePass() {
        assertThat(HtmlText.of("<a".repeat(500_000))).isEmpty();
        assertThat(HtmlText.of("&".repeat(1_000_000))).hasSize(1_000_000);
        assertThat(HtmlText.of("<a \"".repeat(250_000) + ">")).isEmpty();
        assertThat(HtmlText.of("<script>" + "</".repeat(500_000))).isEmpty();
        assertThat(HtmlText.of("x<!--".repeat(200_000))).isEqualTo("x");
    }
}
