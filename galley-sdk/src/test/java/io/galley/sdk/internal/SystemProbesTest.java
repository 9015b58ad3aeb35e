package io.galley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers behind system metrics, on samples captured from real machines. */
class SystemProbesTest {

  @Test
  void cpuUtilizationIsTheBusyShareBetweenTwoReadingsOfProcStat() {
    ProcFiles.CpuTimes before =
        ProcFiles.cpuTimes(
            "cpu  264954 0 41585 133321 2284 0 1593 583 0 0\ncpu0 132294 0 19718 68619 565\n");
    // 300 ticks later: 150 user, 30 system, 100 idle, 20 iowait.
    ProcFiles.CpuTimes after =
        ProcFiles.cpuTimes("cpu  265104 0 41615 133421 2304 0 1593 583 0 0\n");
    assertThat(before.total()).isEqualTo(264954 + 41585 + 133321 + 2284 + 1593 + 583);
    assertThat(after.utilizationSince(before)).isCloseTo(100.0 * 180 / 300, within(1e-9));
    assertThat(after.utilizationSince(after)).isEqualTo(-1);
    assertThat(ProcFiles.cpuTimes("intr 1 2 3\n")).isNull();
  }

  @Test
  void meminfoAndStatusFieldsAreInBytes() {
    String meminfo = "MemTotal:       24684084 kB\nMemFree:        22508556 kB\n";
    assertThat(ProcFiles.field(meminfo, "MemTotal")).hasValue(24684084L * 1024);
    assertThat(ProcFiles.field(meminfo, "MemAvailable")).isEmpty();
    String status = "Name:\tjava\nVmSize:\t    3892 kB\nVmRSS:\t    2200 kB\nThreads:\t17\n";
    assertThat(ProcFiles.field(status, "VmRSS")).hasValue(2200L * 1024);
    assertThat(ProcFiles.field(status, "Threads")).hasValue(17);
  }

  @Test
  void networkBytesAddUpEveryInterface() {
    String netDev =
        """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 30870916366 2125156    0    0    0     0          0         0 30870916366 2125156    0    0    0     0       0          0
          eth0: 168722707    5393    0    0    0     0          0         0   581411    4383    0    0    0     0       0          0
        """;
    assertThat(ProcFiles.networkBytes(netDev))
        .containsExactly(30870916366L + 168722707L, 30870916366L + 581411L);
    assertThat(ProcFiles.networkBytes("Inter-|   Receive |  Transmit\n")).isNull();
  }

  @Test
  void nvidiaSmiRowsBecomeMlflowGpuMetrics() {
    // nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,power.limit
    //   --format=csv,noheader,nounits on a two-GPU machine; the second reports no power.
    String csv = "0, 87, 10240, 40960, 250.12, 400.00\n1, 0, 3, 16384, [N/A], [Not Supported]\n";
    Map<String, Double> m = NvidiaSmi.parse(csv);
    assertThat(m)
        .containsOnlyKeys(
            "gpu_0_utilization_percentage",
            "gpu_0_memory_usage_megabytes",
            "gpu_0_memory_usage_percentage",
            "gpu_0_power_usage_watts",
            "gpu_0_power_usage_percentage",
            "gpu_1_utilization_percentage",
            "gpu_1_memory_usage_megabytes",
            "gpu_1_memory_usage_percentage");
    assertThat(m.get("gpu_0_utilization_percentage")).isEqualTo(87.0);
    assertThat(m.get("gpu_0_memory_usage_megabytes")).isCloseTo(10240 * 1.048576, within(1e-9));
    assertThat(m.get("gpu_0_memory_usage_percentage")).isEqualTo(25.0);
    assertThat(m.get("gpu_0_power_usage_percentage")).isCloseTo(62.53, within(1e-9));
    assertThat(NvidiaSmi.parse("No devices were found\n")).isEmpty();
  }
}
