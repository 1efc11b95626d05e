package io.gochat.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Refuses a connection over the caps of {@link ConnectionAdmission} on the accepting
 * thread, as it is accepted: the refused socket is closed before it is registered with a
 * worker event loop, so a flood of connections at the caps costs the event loops that
 * serve logged-in users nothing. Sits in the server channel's pipeline, ahead of Netty's
 * acceptor.
 */
@Sharable
final class AdmissionGate extends ChannelInboundHandlerAdapter {

	private final ConnectionAdmission admission;

	AdmissionGate(ConnectionAdmission admission) {
		this.admission = admission;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Channel child && !this.admission.admit(child)) {
			child.unsafe().closeForcibly();
			return;
		}
		ctx.fireChannelRead(msg);
	}

}
