package io.gochat.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.google.protobuf.CodedOutputStream;

/**
 * Packs serialized {@code Output}s into one serialized {@code OutputBatch} (field 1,
 * repeated bytes) without building an intermediate message: the outputs are copied once,
 * into the frame.
 */
public final class OutputBatchEncoder {

	private static final int OUTPUTS_FIELD = 1;

	private OutputBatchEncoder() {
	}

	public static byte[] encode(List<byte[]> outputs) {
		int size = 0;
		for (byte[] output : outputs) {
			size += CodedOutputStream.computeByteArraySize(OUTPUTS_FIELD, output);
		}
		byte[] frame = new byte[size];
		CodedOutputStream out = CodedOutputStream.newInstance(frame);
		try {
			for (byte[] output : outputs) {
				out.writeByteArray(OUTPUTS_FIELD, output);
			}
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			// cannot happen: the array was sized exactly
			throw new UncheckedIOException(ex);
		}
		return frame;
	}

}
