package io.gochat.gateway;

import java.util.concurrent.TimeUnit;

import io.gochat.wire.ErrorCode;
import io.gochat.wire.Outputs;
import io.netty.util.HashedWheelTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The node's timing wheel for push retransmits (Netty's {@link HashedWheelTimer}, 100 ms
 * ticks), and the factory of each acknowledging connection's {@link PushAcks}.
 */
@Component
class PushAckTimer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PushAckTimer.class);

	private final HashedWheelTimer timer = new HashedWheelTimer(Thread.ofPlatform().name("gochat-push-ack").factory(),
			100, TimeUnit.MILLISECONDS);

	private final PushAckProperties settings;

	PushAckTimer(PushAckProperties settings) {
		this.settings = settings;
	}

	/**
	 * Turns on push ACKs for the connection (once; later calls return the same).
	 */
	PushAcks enable(Connection connection) {
		return connection.enablePushAcks(() -> new PushAcks(this.timer, this.settings, connection::send, (reason) -> {
			log.info("Closing {}: {}", connection, reason);
			connection.send(Outputs.error(ErrorCode.SERVER_ERROR, reason + "; reconnect and sync"));
			connection.channel().eventLoop().schedule(connection::close, 100, TimeUnit.MILLISECONDS);
		}));
	}

	@Override
	public void destroy() {
		this.timer.stop();
	}

}
