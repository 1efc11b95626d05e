package io.gochat.loadtest;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.HeartbeatMsg;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.UpMsg;

/** Up frames: each one serialized {@code Input}, as the contract wants one per binary frame. */
final class Frames {

	// every heartbeat is the same bytes: build them once
	private static final byte[] HEARTBEAT = input(CmdType.CT_Heartbeat, HeartbeatMsg.getDefaultInstance());

	private Frames() {
	}

	static byte[] login(String token) {
		return input(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(token)).build());
	}

	static byte[] heartbeat() {
		return HEARTBEAT;
	}

	static byte[] up(Message message, long clientId) {
		return input(CmdType.CT_Message, UpMsg.newBuilder().setMsg(message).setClientId(clientId).build());
	}

	private static byte[] input(CmdType type, MessageLite data) {
		return Input.newBuilder().setType(type).setData(data.toByteString()).build().toByteArray();
	}

}
