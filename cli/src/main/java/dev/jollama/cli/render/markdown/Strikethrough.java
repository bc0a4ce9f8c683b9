package dev.jollama.cli.render.markdown;

import org.commonmark.node.CustomNode;
import org.commonmark.node.Node;
import org.commonmark.node.Nodes;
import org.commonmark.node.Text;
import org.commonmark.parser.delimiter.DelimiterProcessor;
import org.commonmark.parser.delimiter.DelimiterRun;

/**
 * GFM's {@code ~~struck~~}: text between two pairs of tildes becomes a {@link Struck} node. A single
 * tilde stays text ("~5 minutes"), as do runs of other lengths.
 */
final class Strikethrough implements DelimiterProcessor {

    /** The text that was struck through. */
    static final class Struck extends CustomNode {}

    @Override
    public char getOpeningCharacter() {
        return '~';
    }

    @Override
    public char getClosingCharacter() {
        return '~';
    }

    @Override
    public int getMinLength() {
        return 2;
    }

    @Override
    public int process(DelimiterRun openingRun, DelimiterRun closingRun) {
        if (openingRun.length() != 2 || closingRun.length() != 2) {
            return 0;
        }
        Text opener = openingRun.getOpener();
        Node struck = new Struck();
        for (Node n : Nodes.between(opener, closingRun.getCloser())) {
            struck.appendChild(n);
        }
        opener.insertAfter(struck);
        return 2;
    }
}
