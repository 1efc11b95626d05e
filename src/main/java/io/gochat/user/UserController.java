package io.gochat.user;

import java.util.Map;

import io.gochat.auth.TokenService;
import io.gochat.system.ApiResponse;
import io.gochat.system.ErrorCode;
import io.gochat.system.GoChatException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /register} and {@code POST /login}: form fields in, a token and the user id
 * out.
 */
@RestController
class UserController {

	static final int MAX_PHONE_NUMBER = 20;

	static final int MAX_NICKNAME = 20;

	// BCrypt only looks at the first 72 bytes; refuse longer rather than silently
	// truncate.
	static final int MAX_PASSWORD_BYTES = 72;

	private final UserRepository users;

	private final CachedUserDirectory directory;

	private final TokenService tokens;

	// BCrypt on a bounded pool (PasswordHashing)
	private final PasswordEncoder passwords;

	private final LoginAttempts attempts;

	UserController(UserRepository users, CachedUserDirectory directory, TokenService tokens, PasswordHashing passwords,
			LoginAttempts attempts) {
		this.users = users;
		this.directory = directory;
		this.tokens = tokens;
		this.passwords = passwords;
		this.attempts = attempts;
	}

	@PostMapping("/register")
	ApiResponse register(@RequestParam(name = "phone_number", defaultValue = "") String phoneNumber,
			@RequestParam(defaultValue = "") String nickname, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request) {
		requireCredentials(phoneNumber, password);
		this.attempts.beforeRegistration(request.getRemoteAddr());
		if (nickname.length() > MAX_NICKNAME) {
			throw refused("nickname is longer than " + MAX_NICKNAME + " characters");
		}
		// Upstream checks the nickname column here (a bug); the phone number is what must
		// be unique.
		if (this.users.existsByPhoneNumber(phoneNumber)) {
			throw refused("phone number already registered");
		}
		long id;
		try {
			id = this.users.insert(phoneNumber, nickname, this.passwords.encode(password));
		}
		catch (DuplicateKeyException ex) {
			throw refused("phone number already registered");
		}
		this.directory.remember(id);
		return ApiResponse.ok("registered", Map.of("token", this.tokens.issue(id), "id", Long.toString(id)));
	}

	@PostMapping("/login")
	ApiResponse login(@RequestParam(name = "phone_number", defaultValue = "") String phoneNumber,
			@RequestParam(defaultValue = "") String password, HttpServletRequest request) {
		requireCredentials(phoneNumber, password);
		this.attempts.beforeLogin(phoneNumber, request.getRemoteAddr());
		UserRepository.Credentials credentials = this.users.findByPhoneNumber(phoneNumber)
			.filter((found) -> this.passwords.matches(password, found.passwordHash()))
			.orElseThrow(() -> {
				this.attempts.loginFailed(phoneNumber);
				return refused("wrong phone number or password");
			});
		this.attempts.loginSucceeded(phoneNumber);
		long id = credentials.id();
		return ApiResponse.ok("logged in", Map.of("token", this.tokens.issue(id), "user_id", Long.toString(id)));
	}

	private static void requireCredentials(String phoneNumber, String password) {
		if (phoneNumber.isBlank() || password.isEmpty()) {
			throw refused("phone_number and password are required");
		}
		if (phoneNumber.length() > MAX_PHONE_NUMBER) {
			throw refused("phone_number is longer than " + MAX_PHONE_NUMBER + " characters");
		}
		if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw refused("password is longer than " + MAX_PASSWORD_BYTES + " bytes");
		}
	}

	private static GoChatException refused(String message) {
		return new GoChatException(ErrorCode.ILLEGAL_PARAMETER, message);
	}

}
