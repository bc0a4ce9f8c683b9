package dev.jollama.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MomentTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneId.of("UTC"));

    @Test
    void agesCountBackFromNow() {
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), Moment.parse("2h", clock));
        assertEquals(Instant.parse("2026-11-02T12:00:00Z"), Moment.parse("30d", clock));
        assertEquals(Instant.parse("2026-11-18T12:00:00Z"), Moment.parse("2w", clock));
        assertEquals(Instant.parse("2026-12-02T10:30:00Z"), Moment.parse("1h30m", clock));
    }

    @Test
    void datesAreLocalMidnightAndInstantsAsWritten() {
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), Moment.parse("2026-11-01", clock));
        assertEquals(Instant.parse("2026-11-01T14:30:00Z"), Moment.parse("2026-11-01T14:30", clock));
        assertEquals(Instant.parse("2026-11-01T13:30:00Z"), Moment.parse("2026-11-01T14:30+01:00", clock));
    }

    @Test
    void anythingElseIsNull() {
        assertNull(Moment.parse("yesterday", clock));
        assertNull(Moment.parse("2h30", clock));
        assertNull(Moment.parse("", clock));
    }
}
