package io.gochat.auth;

import io.gochat.web.ApiResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /logout}: revokes every token issued to the caller so far, on every node.
 * Connections already logged in stay open; a revoked token can no longer log in.
 */
@RestController
class LogoutController {

	private final TokenService tokens;

	LogoutController(TokenService tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/logout")
	ApiResponse logout(AuthenticatedUser caller) {
		this.tokens.revokeAll(caller.id());
		return ApiResponse.ok("logged out");
	}

}
