package io.gochat.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** Options every scenario shares: where the server is, how to reach it, what to report. */
final class CommonOptions {

	@Option(names = "--phone", defaultValue = "13300000000",
			description = "First phone number; the run's users are phone .. phone+count-1 (default: ${DEFAULT-VALUE}).")
	long phone;

	@Option(names = "--password", defaultValue = "123", description = "Password of the users (default: ${DEFAULT-VALUE}).")
	String password;

	@Option(names = "--http", defaultValue = "http://127.0.0.1:9090",
			description = "REST base URL (default: ${DEFAULT-VALUE}).")
	URI http;

	@Option(names = "--ws", split = ",", arity = "1..*", defaultValue = "ws://127.0.0.1:9091/ws",
			description = "WebSocket endpoint(s), comma- or space-separated; connections are spread round-robin (default: ${DEFAULT-VALUE}).")
	List<URI> ws;

	@Option(names = "--source-addresses",
			description = "Local addresses to bind client sockets to, e.g. 127.0.0.2-127.0.0.9,127.0.0.20; "
					+ "each gives about 28k connections per server address.")
	String sourceAddresses;

	@Option(names = "--server-pid", description = "Pid of a local server, to read its VmRSS and CPU time from /proc.")
	Long serverPid;

	@Option(names = "--jdbc-url", defaultValue = "jdbc:mysql://127.0.0.1:3306/gochat",
			description = "Database holding the message table (default: ${DEFAULT-VALUE}).")
	String jdbcUrl;

	@Option(names = "--jdbc-user", defaultValue = "root", description = "Database user (default: ${DEFAULT-VALUE}).")
	String jdbcUser;

	@Option(names = "--jdbc-password", defaultValue = "", description = "Database password (default: empty).")
	String jdbcPassword;

	@Option(names = "--no-db-check", description = "Do not count the stored rows.")
	boolean noDbCheck;

	@Option(names = "--json", description = "Also write the summary as JSON to this file.")
	Path json;

	@Option(names = "--timeout", defaultValue = "30",
			description = "Seconds to wait for stragglers after the last send, and again for the rows (default: ${DEFAULT-VALUE}).")
	int timeoutSeconds;

	@Option(names = "--setup-timeout", defaultValue = "900",
			description = "Seconds allowed for registering users and for opening connections, each (default: ${DEFAULT-VALUE}).")
	int setupTimeoutSeconds;

	@Option(names = "--register-concurrency", defaultValue = "16",
			description = "REST register/login calls in flight (default: ${DEFAULT-VALUE}).")
	int registerConcurrency;

	@Option(names = "--connect-concurrency", defaultValue = "100",
			description = "WebSocket handshakes and logins in flight (default: ${DEFAULT-VALUE}).")
	int connectConcurrency;

	@Option(names = "--connect-timeout", defaultValue = "10",
			description = "Seconds for one connection's connect, handshake and login each (default: ${DEFAULT-VALUE}).")
	int connectTimeoutSeconds;

	@Option(names = "--threads", defaultValue = "0",
			description = "Event-loop threads of the generator; 0 = one per CPU (default: ${DEFAULT-VALUE}).")
	int threads;

	@Option(names = "--heartbeat", defaultValue = "120",
			description = "Seconds between heartbeats of one connection (default: ${DEFAULT-VALUE}, as upstream).")
	int heartbeatSeconds;

	int eventLoopThreads() {
		return this.threads > 0 ? this.threads : Runtime.getRuntime().availableProcessors();
	}

}
