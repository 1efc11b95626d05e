package io.gochat.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.delivery.LocalSessions;
import io.gochat.delivery.Push;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageAllReq;
import io.gochat.protocol.DeliverMessageReq;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.system.ClusterMode;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Component;

/**
 * The receiving side of {@code pb.Connect}: writes what another node (Go or Java) hands
 * over to the connections this node holds. Only queues, never blocks, so it runs on the
 * transport thread and keeps the order in which one peer sent its calls.
 */
@ClusterMode
@Component
class ConnectService extends ConnectGrpc.ConnectImplBase {

	private final LocalSessions sessions;

	ConnectService(LocalSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void deliverMessage(DeliverMessageReq request, StreamObserver<Empty> response) {
		this.sessions.push(pushOf(request.getReceiverId(), request.getData()));
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	@Override
	public void deliverMessageAll(DeliverMessageAllReq request, StreamObserver<Empty> response) {
		request.getReceiverId2DataMap().forEach((userId, data) -> this.sessions.push(pushOf(userId, data)));
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	/**
	 * The push in an output another node sent, with the seq it carries, so the receiving
	 * connection can order it among the pushes from other nodes. An output that is not a
	 * readable push (a Go node may send anything) is passed on unordered.
	 */
	static Push pushOf(long userId, ByteString data) {
		long seq = 0;
		try {
			Output output = Output.parseFrom(data);
			if (output.getType() == CmdType.CT_Message) {
				seq = PushMsg.parseFrom(output.getData()).getMsg().getSeq();
			}
		}
		catch (InvalidProtocolBufferException ex) {
			// not a push we understand: deliver it as it is
		}
		return new Push(userId, seq, data.toByteArray());
	}

}
