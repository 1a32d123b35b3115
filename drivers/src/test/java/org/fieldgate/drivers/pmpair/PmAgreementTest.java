package org.fieldgate.drivers.pmpair;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PmAgreementTest {

    @Test
    void identicalAndCloseReadingsAgree() {
        assertThat(PmAgreement.disagree(0, 0)).isFalse();
        assertThat(PmAgreement.disagree(35, 35)).isFalse();
        assertThat(PmAgreement.disagree(100, 120)).isFalse();
    }

    @Test
    void atLowConcentrationsTheAbsoluteLimitDecides() {
        // 0 vs 5: 200 % apart, but only 5 µg/m³: agree (limit is exclusive)
        assertThat(PmAgreement.disagree(0, 5)).isFalse();
        assertThat(PmAgreement.disagree(5, 0)).isFalse();
        assertThat(PmAgreement.disagree(0, 5.01)).isTrue();
        assertThat(PmAgreement.disagree(2, 7)).isFalse();
        assertThat(PmAgreement.disagree(2, 7.1)).isTrue();
    }

    @Test
    void atHighConcentrationsTheRelativeLimitDecides() {
        // with a = 100, difference / mean = 0.70 exactly at b = 270 / 1.3 = 207.69…
        double b = 270 / 1.3;
        assertThat(Math.abs(b - 100) / ((b + 100) / 2)).isCloseTo(0.70, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PmAgreement.disagree(100, 207)).isFalse();   // 0.6971
        assertThat(PmAgreement.disagree(100, 208)).isTrue();    // 0.7013
        assertThat(PmAgreement.disagree(208, 100)).isTrue();
        assertThat(PmAgreement.disagree(100, 300)).isTrue();    // 1.0
        assertThat(PmAgreement.disagree(100, 160)).isFalse();   // 60 µg/m³ apart but 46 %
    }

    @Test
    void exactlySeventyPercentAgrees() {
        // 13 vs 27: difference 14 (> 5), mean 20, 14 / 20 = 0.70: on the limit, so they agree
        assertThat(PmAgreement.disagree(13, 27)).isFalse();
        assertThat(PmAgreement.disagree(13, 27.01)).isTrue();
        assertThat(PmAgreement.disagree(12.99, 27)).isTrue();
    }

    @Test
    void bothLimitsMustBeExceeded() {
        assertThat(PmAgreement.disagree(3, 8.5)).isTrue();   // 5.5 apart, 96 %
        assertThat(PmAgreement.disagree(50, 56)).isFalse();  // 6 apart, 11 %
        assertThat(PmAgreement.disagree(1, 4)).isFalse();    // 120 %, 3 apart
    }

    @Test
    void nonFiniteOrNegativeReadingsDisagree() {
        assertThat(PmAgreement.disagree(Double.NaN, 10)).isTrue();
        assertThat(PmAgreement.disagree(10, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(PmAgreement.disagree(-20, 3)).isTrue();
        assertThat(PmAgreement.disagree(-1, 3)).isFalse(); // within 5 µg/m³
    }
}
