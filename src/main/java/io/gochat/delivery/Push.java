package io.gochat.delivery;

/**
 * A push for one receiver: a serialized {@code Output} and the receiver's seq of the copy
 * it carries, by which the receiver's connection keeps its pushes in order.
 *
 * @param userId the receiver
 * @param seq the receiver's seq of the pushed copy; 0 if the output carries none
 * @param output a serialized {@code Output}
 */
public record Push(long userId, long seq, byte[] output) {
}
