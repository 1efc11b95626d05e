package io.gochat.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Local addresses to bind client sockets to. One local address gives about 28,000 ephemeral
 * ports towards one server address, so more connections than that need several; on Linux every
 * 127.x.y.z address is local without any setup.
 *
 * Written as a comma-separated list of addresses and ranges: {@code 127.0.0.2-127.0.0.9,127.0.0.20}.
 * A range varies the last part of an IPv4 address only.
 */
final class SourceAddresses {

	private static final int MAX_RANGE = 256;

	private SourceAddresses() {
	}

	/** The addresses, in order; empty for null or blank (the system chooses). */
	static List<InetAddress> parse(String spec) {
		List<InetAddress> addresses = new ArrayList<>();
		if (spec == null || spec.isBlank()) {
			return addresses;
		}
		for (String part : spec.split(",")) {
			String item = part.trim();
			if (item.isEmpty()) {
				continue;
			}
			int dash = item.indexOf('-');
			if (dash < 0) {
				addresses.add(ipv4(item));
				continue;
			}
			byte[] from = ipv4(item.substring(0, dash).trim()).getAddress();
			String toText = item.substring(dash + 1).trim();
			byte[] to = toText.contains(".") ? ipv4(toText).getAddress() : withLast(from, parseOctet(toText, item));
			if (from[0] != to[0] || from[1] != to[1] || from[2] != to[2]) {
				throw new IllegalArgumentException("a range may only vary the last part of the address: " + item);
			}
			int first = from[3] & 0xff;
			int last = to[3] & 0xff;
			if (last < first || last - first >= MAX_RANGE) {
				throw new IllegalArgumentException("bad address range: " + item);
			}
			for (int i = first; i <= last; i++) {
				addresses.add(byAddress(withLast(from, i)));
			}
		}
		return addresses;
	}

	private static InetAddress ipv4(String text) {
		String[] parts = text.split("\\.");
		if (parts.length != 4) {
			throw new IllegalArgumentException("not an IPv4 address: " + text);
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			bytes[i] = (byte) parseOctet(parts[i], text);
		}
		return byAddress(bytes);
	}

	private static int parseOctet(String text, String context) {
		try {
			int value = Integer.parseInt(text.trim());
			if (value < 0 || value > 255) {
				throw new IllegalArgumentException("not an IPv4 address part: " + text + " in " + context);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not an IPv4 address part: " + text + " in " + context, ex);
		}
	}

	private static byte[] withLast(byte[] address, int last) {
		byte[] copy = address.clone();
		copy[3] = (byte) last;
		return copy;
	}

	private static InetAddress byAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
