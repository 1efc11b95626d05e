package io.gochat.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/** This generator's own cost, so a run can tell whether the client or the server was the limit. */
final class GeneratorProcess {

	private GeneratorProcess() {
	}

	static double cpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
	}

	static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	static int peakThreads() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return threads.getPeakThreadCount();
	}

}
