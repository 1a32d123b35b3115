package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinLockoutTest {

    private long now = 1_000_000;
    private final PinLockout lockout = new PinLockout(() -> now);

    @Test
    void fiveWrongTriesLockForAMinuteThenTwiceAsLongEachUpToFifteen() {
        for (int i = 0; i < PinLockout.FREE_TRIES - 1; i++) {
            lockout.wrong();
            assertThat(lockout.lockedForMs()).as("after %d wrong", i + 1).isZero();
        }
        lockout.wrong();
        assertThat(lockout.lockedForMs()).isEqualTo(60_000);
        now += 60_000;
        assertThat(lockout.lockedForMs()).isZero();
        lockout.wrong();
        assertThat(lockout.lockedForMs()).isEqualTo(120_000);
        for (int i = 0; i < 10; i++) {
            lockout.wrong();
        }
        assertThat(lockout.lockedForMs()).isEqualTo(15 * 60_000);
    }

    @Test
    void theRightPinResetsTheCount() {
        for (int i = 0; i < PinLockout.FREE_TRIES - 1; i++) {
            lockout.wrong();
        }
        lockout.right();
        assertThat(lockout.wrongInARow()).isZero();
        lockout.wrong();
        assertThat(lockout.lockedForMs()).isZero();
    }
}
