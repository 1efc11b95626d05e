package io.gochat.cluster;

import com.google.protobuf.Empty;
import io.gochat.delivery.LocalSessions;
import io.gochat.metrics.ChatMetrics;
import io.gochat.mode.ClusterMode;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageAllReq;
import io.gochat.protocol.DeliverMessageReq;
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

	private final ChatMetrics metrics;

	ConnectService(LocalSessions sessions, ChatMetrics metrics) {
		this.sessions = sessions;
		this.metrics = metrics;
	}

	@Override
	public void deliverMessage(DeliverMessageReq request, StreamObserver<Empty> response) {
		if (this.sessions.pushFromPeer(request.getReceiverId(), request.getData().toByteArray())) {
			this.metrics.pushedFromPeer(1);
		}
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	@Override
	public void deliverMessageAll(DeliverMessageAllReq request, StreamObserver<Empty> response) {
		int queued = 0;
		for (var entry : request.getReceiverId2DataMap().entrySet()) {
			if (this.sessions.pushFromPeer(entry.getKey(), entry.getValue().toByteArray())) {
				queued++;
			}
		}
		this.metrics.pushedFromPeer(queued);
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

}
