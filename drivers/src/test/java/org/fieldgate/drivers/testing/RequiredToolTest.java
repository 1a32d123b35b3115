package org.fieldgate.drivers.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @Test
    void aPresentToolLetsTheTestRun() {
        assertThatCode(() -> RequiredTool.require(true, "x")).doesNotThrowAnyException();
    }

    @Test
    void aMissingToolFailsOnCiAndSkipsElsewhere() {
        // whichever this run is: .ci/run sets CI=true, a developer's shell usually does not
        Class<? extends Throwable> expected = RequiredTool.onCi() ? AssertionError.class : TestAbortedException.class;
        assertThatThrownBy(() -> RequiredTool.require(false, "frobnicator is not installed"))
                .isExactlyInstanceOf(expected).hasMessageContaining("frobnicator is not installed");
    }
}
