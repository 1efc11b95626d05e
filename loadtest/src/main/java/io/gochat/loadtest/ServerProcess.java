package io.gochat.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The server process as Linux's /proc shows it: resident memory and CPU time. Only meaningful
 * when the server runs on this machine; every reading is null when /proc cannot be read.
 */
final class ServerProcess {

	private static final long DEFAULT_CLOCK_TICKS = 100;

	private final long pid;

	private final long clockTicksPerSecond;

	ServerProcess(long pid) {
		this.pid = pid;
		this.clockTicksPerSecond = clockTicks();
	}

	long pid() {
		return this.pid;
	}

	boolean exists() {
		return Files.isReadable(Path.of("/proc", String.valueOf(this.pid), "status"));
	}

	/** VmRSS in kB, or null. */
	Long rssKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return parseKb(line);
				}
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** User plus system CPU time in seconds, or null. */
	Double cpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(this.pid), "stat"));
			return cpuTicks(stat) / (double) this.clockTicksPerSecond;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	static long parseKb(String statusLine) {
		String value = statusLine.substring(statusLine.indexOf(':') + 1).trim();
		return Long.parseLong(value.split("\\s+")[0]);
	}

	/**
	 * utime + stime (fields 14 and 15) of a /proc/PID/stat line. The command name (field 2)
	 * may hold spaces and parentheses, so fields are counted from its closing parenthesis.
	 */
	static long cpuTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			if (!getconf.waitFor(5, TimeUnit.SECONDS)) {
				getconf.destroyForcibly();
				return DEFAULT_CLOCK_TICKS;
			}
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			return Long.parseLong(out);
		}
		catch (IOException | NumberFormatException ex) {
			return DEFAULT_CLOCK_TICKS;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return DEFAULT_CLOCK_TICKS;
		}
	}

}
