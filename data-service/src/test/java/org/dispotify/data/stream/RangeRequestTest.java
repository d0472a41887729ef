package org.dispotify.data.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRequestTest {

    private static final long SIZE = 1000;

    @ParameterizedTest
    @CsvSource({
            "bytes=0-0, 0, 0",
            "bytes=10-99, 10, 99",
            "bytes=10-5000, 10, 999",
            "bytes=990-, 990, 999",
            "bytes=-1, 999, 999",
            "bytes=-100, 900, 999",
            "bytes=-5000, 0, 999",
            "BYTES=1-2, 1, 2",
            "' bytes = 3-4 ', 3, 4",
            "bytes=0-99999999999999999999999, 0, 999"})
    void aSingleRangeIsSatisfiedWithinTheFile(String header, long start, long end) {
        assertThat(RangeRequest.parse(header, SIZE)).isEqualTo(new RangeRequest.Partial(new ByteRange(start, end)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"})
    void aRangeOutsideTheFileIsUnsatisfiable(String header) {
        assertThat(RangeRequest.parse(header, SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1", "bytes=1-2,4-5",
            "items=0-10", "bytes=+1-2", "bytes=1--2", "bytes=0x1-2"})
    void anyOtherHeaderMeansTheWholeFile(String header) {
        assertThat(RangeRequest.parse(header, SIZE)).isInstanceOf(RangeRequest.Whole.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-"})
    void noHeaderAndAnOpenRangeFromZeroCoverEverything(String header) {
        assertThat(RangeRequest.parse(null, SIZE)).isInstanceOf(RangeRequest.Whole.class);
        assertThat(RangeRequest.parse(header, SIZE)).isEqualTo(new RangeRequest.Partial(ByteRange.whole(SIZE)));
    }
}
