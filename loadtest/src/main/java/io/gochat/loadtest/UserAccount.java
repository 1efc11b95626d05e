package io.gochat.loadtest;

/**
 * A registered (or reused) user.
 *
 * @param index position in the run's user list, phone = first phone + index
 * @param phone phone number
 * @param id user id
 * @param token JWT for REST calls and the WebSocket login
 */
record UserAccount(int index, long phone, long id, String token) {
}
