package io.gochat.cluster;

import com.google.protobuf.Empty;
import io.gochat.delivery.LocalSessions;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageAllReq;
import io.gochat.protocol.DeliverMessageReq;
import io.gochat.mode.ClusterMode;
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
		this.sessions.push(request.getReceiverId(), request.getData().toByteArray());
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	@Override
	public void deliverMessageAll(DeliverMessageAllReq request, StreamObserver<Empty> response) {
		request.getReceiverId2DataMap().forEach((userId, data) -> this.sessions.push(userId, data.toByteArray()));
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

}
