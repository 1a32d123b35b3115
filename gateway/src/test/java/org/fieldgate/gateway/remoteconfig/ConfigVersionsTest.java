package org.fieldgate.gateway.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigVersionsTest {

    @TempDir
    Path dir;

    private Path local;
    private ConfigVersions versions;

    @BeforeEach
    void localFile() throws Exception {
        local = dir.resolve("fieldgate.yaml");
        Files.writeString(local, "local: 1\n");
        versions = ConfigVersions.open(dir.resolve("config-versions"), local);
    }

    @Test
    void theLocalFileRunsUntilAVersionIsOnProbationThenThatOneRuns() throws Exception {
        assertThat(versions.effective().identity().source()).isEqualTo("local");
        assertThat(versions.effective().identity().hash()).isEqualTo(ConfigVersions.sha256("local: 1\n"));
        int v = versions.write("remote: 1\n");
        assertThat(v).isEqualTo(1);
        assertThat(versions.effective().remote()).as("written is not running").isFalse();
        versions.beginProbation(v, 123, "cmd-1");
        assertThat(versions.effective().identity().version()).isEqualTo(1);
        assertThat(versions.probation()).isEqualTo(new ConfigVersions.Probation(1, 0, 123, "cmd-1"));
        versions.commit();
        assertThat(versions.probation()).isNull();
        assertThat(versions.effective().text()).isEqualTo("remote: 1\n");
    }

    @Test
    void aFailedProbationGoesBackToThePreviousVersion() throws Exception {
        versions.beginProbation(versions.write("remote: 1\n"), 1, "cmd-1");
        versions.commit();
        versions.beginProbation(versions.write("remote: 2\n"), 2, "cmd-2");
        assertThat(versions.effective().identity().version()).isEqualTo(2);
        versions.rollBack("the uplink did not connect", "cmd-2");
        assertThat(versions.effective().identity().version()).isEqualTo(1);
        assertThat(versions.probation()).isNull();
        assertThat(versions.lastWhy()).isEqualTo("the uplink did not connect");
        assertThat(versions.takeAnswer()).as("the reply it owes survives a crash")
                .isEqualTo(new ConfigVersions.Answer("cmd-2", "the uplink did not connect"));
        versions.answered();
        assertThat(versions.takeAnswer()).isNull();
        assertThat(versions.effective().identity().version()).isEqualTo(1);
    }

    @Test
    void aTechniciansEditOfTheLocalFileWinsOverAnOlderRemoteVersion() throws Exception {
        versions.beginProbation(versions.write("remote: 1\n"), 1, "cmd-1");
        versions.commit();
        assertThat(versions.effective().remote()).isTrue();
        Files.writeString(local, "local: 2\n"); // on site, after the remote version was applied
        ConfigVersions.Effective e = versions.effective();
        assertThat(e.identity().source()).isEqualTo("local");
        assertThat(e.text()).isEqualTo("local: 2\n");
        assertThat(versions.lastWhy()).contains("local file changed");
        assertThat(versions.effective().remote()).as("and stays so").isFalse();
    }

    @Test
    void aLaterRemoteVersionOverridesALocalEditMadeBeforeIt() throws Exception {
        versions.beginProbation(versions.write("remote: 1\n"), 1, "cmd-1");
        versions.commit();
        Files.writeString(local, "local: 2\n");
        versions.beginProbation(versions.write("remote: 2\n"), 2, "cmd-2"); // central, after the edit
        assertThat(versions.effective().identity().version()).as("the last change wins").isEqualTo(2);
        versions.fallBackToLocal("version 2 cannot be loaded", "cmd-2");
        assertThat(versions.effective().text()).isEqualTo("local: 2\n");
        assertThat(versions.takeAnswer().commandId()).isEqualTo("cmd-2");
    }

    @Test
    void aMissingOrDamagedStateRunsTheLocalFile() throws Exception {
        versions.beginProbation(versions.write("remote: 1\n"), 1, "cmd-1");
        versions.commit();
        Files.delete(dir.resolve("config-versions/0001.yaml"));
        assertThat(versions.effective().remote()).isFalse();
        Files.writeString(dir.resolve("config-versions/state"), "garbage without equals\n");
        assertThat(versions.effective().remote()).isFalse();
    }
}
