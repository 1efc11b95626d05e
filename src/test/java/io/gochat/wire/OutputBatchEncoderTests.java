package io.gochat.wire;

import java.util.List;

import com.google.protobuf.ByteString;
import io.gochat.protocol.OutputBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputBatchEncoderTests {

	@Test
	void encodesWhatTheGeneratedParserReads() throws Exception {
		byte[] big = new byte[300];
		big[299] = 7;
		List<byte[]> outputs = List.of("a".getBytes(), new byte[0], big);
		OutputBatch batch = OutputBatch.parseFrom(OutputBatchEncoder.encode(outputs));
		assertThat(batch.getOutputsList()).containsExactly(ByteString.copyFromUtf8("a"), ByteString.EMPTY,
				ByteString.copyFrom(big));
	}

	@Test
	void encodesTheSameBytesAsTheGeneratedBuilder() {
		List<byte[]> outputs = List.of("x".getBytes(), "yz".getBytes());
		byte[] expected = OutputBatch.newBuilder()
			.addOutputs(ByteString.copyFromUtf8("x"))
			.addOutputs(ByteString.copyFromUtf8("yz"))
			.build()
			.toByteArray();
		assertThat(OutputBatchEncoder.encode(outputs)).isEqualTo(expected);
	}

}
