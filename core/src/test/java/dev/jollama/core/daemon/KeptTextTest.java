package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeptTextTest {

    @Test
    void keepsWholeChunksUpToTheLimitInUtf8BytesAndSaysWhenSomeWasDropped() {
        KeptText kept = new KeptText(10);
        kept.append("héllo"); // 6 bytes
        kept.append("✓"); // 3 bytes: 9
        assertThat(kept.isCut()).isFalse();
        kept.append("ab"); // the first fits, the second does not
        kept.append("more that is dropped");

        assertThat(kept.text()).isEqualTo("héllo✓a");
        assertThat(kept.text().getBytes(StandardCharsets.UTF_8)).hasSize(10);
        assertThat(kept.isCut()).isTrue();
    }

    @Test
    void neverSplitsACharacterNorASurrogatePair() {
        KeptText kept = new KeptText(5);
        kept.append("a😀b"); // 1 + 4 + 1: the b does not fit
        assertThat(kept.text()).isEqualTo("a😀");

        KeptText narrow = new KeptText(3);
        narrow.append("a😀"); // the pair needs 4 bytes and has 2: none of it is kept
        assertThat(narrow.text()).isEqualTo("a");
        assertThat(narrow.isCut()).isTrue();
    }

    @Test
    void exactlyTheLimitIsNotCut() {
        KeptText kept = new KeptText(3);
        kept.append("abc");
        kept.append("");
        assertThat(kept.isCut()).isFalse();
        assertThat(kept.textOrNull()).isEqualTo("abc");
        assertThat(new KeptText(3).textOrNull()).isNull();
    }
}
