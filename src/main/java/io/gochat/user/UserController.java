package io.gochat.user;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.gochat.auth.TokenService;
import io.gochat.web.ApiResponse;
import io.gochat.wire.GoChatException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /register} and {@code POST /login}: form fields in, a token and the user id
 * out.
 */
@RestController
class UserController {

	static final int MIN_PHONE_DIGITS = 5;

	static final int MAX_PHONE_DIGITS = 20;

	/** In code points: the {@code nickname} column holds 20 characters. */
	static final int MAX_NICKNAME = 20;

	// BCrypt only looks at the first 72 bytes;
	// refuse longer rather than silently truncate.
	static final int MAX_PASSWORD_BYTES = 72;

	private final UserRepository users;

	private final CachedUserDirectory directory;

	private final TokenService tokens;

	private final PasswordHashing passwords;

	private final LoginAttempts attempts;

	private final int minPasswordLength;

	/**
	 * Compared against when the phone number is not registered, so that the answer takes
	 * as long as for a registered one.
	 */
	private final String dummyHash;

	UserController(UserRepository users, CachedUserDirectory directory, TokenService tokens, UserProperties properties,
			PasswordHashing passwords, LoginAttempts attempts) {
		this.users = users;
		this.directory = directory;
		this.tokens = tokens;
		this.passwords = passwords;
		this.attempts = attempts;
		this.minPasswordLength = properties.minPasswordLength();
		this.dummyHash = this.passwords.encode(UUID.randomUUID().toString(), PasswordHashing.NODE);
	}

	@PostMapping("/register")
	ApiResponse register(@RequestParam(name = "phone_number", defaultValue = "") String phoneNumber,
			@RequestParam(defaultValue = "") String nickname, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request) {
		requireCredentials(phoneNumber, password);
		this.attempts.beforeRegistration(request.getRemoteAddr());
		requireNickname(nickname);
		if (password.codePointCount(0, password.length()) < this.minPasswordLength) {
			throw GoChatException.refused("password is shorter than " + this.minPasswordLength + " characters");
		}
		// Upstream checks the nickname column here (a
		// bug); the phone number is what must be unique.
		if (this.users.existsByPhoneNumber(phoneNumber)) {
			throw GoChatException.refused("phone number already registered");
		}
		long id;
		try {
			id = this.users.insert(phoneNumber, nickname, this.passwords.encode(password, request.getRemoteAddr()));
		}
		catch (DuplicateKeyException ex) {
			throw GoChatException.refused("phone number already registered");
		}
		this.directory.remember(id);
		return ApiResponse.ok("registered", Map.of("token", this.tokens.issue(id), "id", Long.toString(id)));
	}

	@PostMapping("/login")
	ApiResponse login(@RequestParam(name = "phone_number", defaultValue = "") String phoneNumber,
			@RequestParam(defaultValue = "") String password, HttpServletRequest request) {
		requireCredentials(phoneNumber, password);
		this.attempts.beforeLogin(phoneNumber, request.getRemoteAddr());
		Optional<UserRepository.Credentials> found = this.users.findByPhoneNumber(phoneNumber);
		// hashed whether or not the phone number is registered: an unknown number must
		// not be answered faster (account enumeration by timing)
		boolean matches = this.passwords.matches(password,
				found.map(UserRepository.Credentials::passwordHash).orElse(this.dummyHash), request.getRemoteAddr());
		if (found.isEmpty() || !matches) {
			this.attempts.loginFailed(phoneNumber);
			throw GoChatException.refused("wrong phone number or password");
		}
		this.attempts.loginSucceeded(phoneNumber);
		long id = found.get().id();
		return ApiResponse.ok("logged in", Map.of("token", this.tokens.issue(id), "user_id", Long.toString(id)));
	}

	private static void requireCredentials(String phoneNumber, String password) {
		if (phoneNumber.isBlank() || password.isEmpty()) {
			throw GoChatException.refused("phone_number and password are required");
		}
		if (phoneNumber.length() < MIN_PHONE_DIGITS || phoneNumber.length() > MAX_PHONE_DIGITS
				|| !phoneNumber.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw GoChatException
				.refused("phone_number must be " + MIN_PHONE_DIGITS + " to " + MAX_PHONE_DIGITS + " digits");
		}
		if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw GoChatException.refused("password is longer than " + MAX_PASSWORD_BYTES + " bytes");
		}
	}

	private static void requireNickname(String nickname) {
		if (nickname.codePointCount(0, nickname.length()) > MAX_NICKNAME) {
			throw GoChatException.refused("nickname is longer than " + MAX_NICKNAME + " characters");
		}
		if (nickname.codePoints().anyMatch(UserController::isInvisible)) {
			throw GoChatException.refused("nickname contains control or formatting characters");
		}
	}

	/**
	 * Control characters (NUL, newlines, escapes), bidirectional overrides and other
	 * invisible formatting that could disguise a name; the zero-width joiner of emoji
	 * sequences is allowed.
	 */
	private static boolean isInvisible(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
					Character.PRIVATE_USE, Character.UNASSIGNED ->
				true;
			case Character.FORMAT -> codePoint != 0x200D;
			default -> false;
		};
	}

}
