package dev.jollama.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void binaryUnitsAndBareLettersArePowersOf1024() {
        assertThat(ByteSize.parse("32MiB")).isEqualTo(32L * 1024 * 1024);
        assertThat(ByteSize.parse("1k")).isEqualTo(1024);
        assertThat(ByteSize.parse("2 GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1T")).isEqualTo(1L << 40);
    }

    @Test
    void decimalUnitsArePowersOf1000AndNoUnitIsBytes() {
        assertThat(ByteSize.parse("500kB")).isEqualTo(500_000);
        assertThat(ByteSize.parse("2MB")).isEqualTo(2_000_000);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("12b")).isEqualTo(12);
    }

    @Test
    void anythingElseIsNotASize() {
        for (String bad : new String[] {"", "lots", "-1", "1.5M", "MiB", "1iB", "1 PB", "99999999999999T", null}) {
            assertThat(ByteSize.parse(bad)).as(String.valueOf(bad)).isEqualTo(-1);
        }
    }

    @Test
    void humanSizesUseTheLargestReadableUnit() {
        assertThat(ByteSize.human(10)).isEqualTo("10 bytes");
        assertThat(ByteSize.human(32L << 20)).isEqualTo("32 MiB");
        assertThat(ByteSize.human(3000)).isEqualTo("2.9 KiB");
        assertThat(ByteSize.human(3L << 29)).isEqualTo("1.5 GiB");
    }
}
