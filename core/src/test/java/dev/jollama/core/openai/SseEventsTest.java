package dev.jollama.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WHATWG rules for reading an event stream, one test per rule. */
class SseEventsTest {

    private static List<String> events(String stream) throws IOException {
        SseEvents events = new SseEvents(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<String> out = new ArrayList<>();
        SseEvents.Event e;
        while ((e = events.next()) != null) {
            out.add(e.type() + "=" + e.text());
        }
        return out;
    }

    @Test
    void dataLinesAreJoinedWithANewlineAndTheBlankLineDispatches() throws IOException {
        assertThat(events("data: {\"a\":\ndata: 1}\n\ndata: two\n\n"))
                .containsExactly("message={\"a\":\n1}", "message=two");
    }

    @Test
    void eventNamesTheTypeForOneEventOnly() throws IOException {
        assertThat(events("event: error\ndata: boom\n\ndata: next\n\n")).containsExactly("error=boom", "message=next");
    }

    @Test
    void commentsIdRetryAndUnknownFieldsAreNotData() throws IOException {
        assertThat(events(": keep-alive\nid: 7\nretry: 3000\nfoo: bar\ndata: x\n\n"))
                .containsExactly("message=x");
    }

    @Test
    void anEventWithoutDataIsNotDispatched() throws IOException {
        assertThat(events("event: ping\n: keep-alive\n\ndata: x\n\n")).containsExactly("message=x");
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDropped() throws IOException {
        assertThat(events("data:x\n\ndata:  y\n\ndata\n\n")).containsExactly("message=x", "message= y", "message=");
    }

    @Test
    void crLfAndCrAloneEndLinesToo() throws IOException {
        assertThat(events("data: a\r\ndata: b\r\n\r\ndata: c\rdata: d\r\r"))
                .containsExactly("message=a\nb", "message=c\nd");
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        assertThat(events("data: whole\n\ndata: cut")).containsExactly("message=whole");
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() throws IOException {
        assertThat(events("\uFEFFdata: x\n\n")).containsExactly("message=x");
    }

    @Test
    void anEventLargerThanTheLimitIsAnError() {
        SseEvents events = new SseEvents(
                new ByteArrayInputStream(("data: " + "x".repeat(600) + "\ndata: " + "y".repeat(600) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8)),
                1000);
        assertThatThrownBy(events::next).isInstanceOf(IOException.class).hasMessageContaining("larger than 1000");
    }
}
