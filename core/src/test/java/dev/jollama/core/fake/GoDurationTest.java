package dev.jollama.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake's copy of Go's time.ParseDuration: values and error texts as Go gives them. */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0           | 0",
                "-0          | 0",
                "0s          | 0",
                "5m          | 300000000000",
                "-1m         | -60000000000",
                "+5s         | 5000000000",
                "1h30m       | 5400000000000",
                "1.5h        | 5400000000000",
                ".5s         | 500000000",
                "300ms       | 300000000",
                "1us         | 1000",
                "1\u00b5s    | 1000",
                "2562047h    | 9223369200000000000",
            })
    void parsesWhatGoParses(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "-1          | time: missing unit in duration \"-1\"",
                "30          | time: missing unit in duration \"30\"",
                "1h5         | time: missing unit in duration \"1h5\"",
                "''          | time: invalid duration \"\"",
                "-           | time: invalid duration \"-\"",
                "abc         | time: invalid duration \"abc\"",
                ".s          | time: invalid duration \".s\"",
                "1h-5m       | time: unknown unit \"h-\" in duration \"1h-5m\"",
                "5x          | time: unknown unit \"x\" in duration \"5x\"",
                "5 m         | time: unknown unit \" m\" in duration \"5 m\"",
                "3d\u00e9    | time: unknown unit \"d\\xc3\\xa9\" in duration \"3d\\xc3\\xa9\"",
                "2562048h    | time: invalid duration \"2562048h\"",
                "99999999999999999999s | time: invalid duration \"99999999999999999999s\"",
            })
    void rejectsWhatGoRejectsInItsWords(String text, String error) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(error);
    }
}
