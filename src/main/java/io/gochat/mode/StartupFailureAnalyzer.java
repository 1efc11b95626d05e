package io.gochat.mode;

import java.net.BindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the two usual reasons a second node cannot start, a port held by another process
 * and a data directory held by another node, into a short message saying what to do,
 * instead of a stack trace.
 */
final class StartupFailureAnalyzer implements FailureAnalyzer {

	private final PortInUse ports = new PortInUse();

	private final DataDirInUse dataDir = new DataDirInUse();

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = this.dataDir.analyze(failure);
		return (analysis != null) ? analysis : this.ports.analyze(failure);
	}

	static final class PortInUse extends AbstractFailureAnalyzer<BindException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
			String where = describe(rootFailure);
			return new FailureAnalysis(
					"Cannot listen" + where + ": " + cause.getMessage()
							+ ". Another GoChat node (or another program) holds the port.",
					"Stop the other node, or give this one other ports: --app.http-server-port, "
							+ "--app.websocket-server-port, --app.rpc-port, --management.server.port "
							+ "(or another --app.ip on 127.0.0.x).",
					cause);
		}

		private static String describe(Throwable failure) {
			for (Throwable t = failure; t != null; t = t.getCause()) {
				String message = t.getMessage();
				if (message != null && message.contains(" on ") && message.startsWith("cannot listen")) {
					return message.substring("cannot listen".length());
				}
			}
			return "";
		}

	}

	static final class DataDirInUse extends AbstractFailureAnalyzer<DataDirLock.DataDirInUseException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, DataDirLock.DataDirInUseException cause) {
			return new FailureAnalysis(cause.getMessage() + ".",
					"Stop that node first, or start this one with its own --app.data-dir.", cause);
		}

	}

}
