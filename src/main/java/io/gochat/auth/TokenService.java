package io.gochat.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.RegisteredClaims;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Issues and checks the HS256 tokens of the contract: claim {@code user_id} (a number)
 * and {@code exp}, plus {@code ver} (the user's token version, see
 * {@link TokenVersions}). The key is raw bytes, so a token issued by a Go node with the
 * same key verifies here and back.
 *
 * <p>
 * A token is accepted when its signature verifies, it has an {@code exp} that is in the
 * future but no further than {@code jwt.max-lifetime}, its {@code user_id} belongs to a
 * registered user, and it was not revoked by {@code POST /logout}.
 */
@Component
public class TokenService {

	static final String USER_ID_CLAIM = "user_id";

	static final String VERSION_CLAIM = "ver";

	/** Clocks of nodes (Go or Java) that issue tokens may differ by this much. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private final JwtProperties properties;

	private final Algorithm algorithm;

	private final JWTVerifier verifier;

	private final UserAccounts accounts;

	private final TokenVersions versions;

	private final Cache<Long, Boolean> knownUsers;

	private final Clock clock;

	TokenService(JwtProperties properties, SigningKey key, UserAccounts accounts, TokenVersions versions, Clock clock) {
		this.properties = properties;
		this.accounts = accounts;
		this.versions = versions;
		this.clock = clock;
		this.algorithm = Algorithm.HMAC256(key.bytes());
		this.verifier = ((JWTVerifier.BaseVerification) JWT.require(this.algorithm)
			.withClaimPresence(RegisteredClaims.EXPIRES_AT)
			.withClaimPresence(USER_ID_CLAIM)).build(clock);
		// only "exists" is remembered: a user registered a moment later is found
		this.knownUsers = Caffeine.newBuilder()
			.maximumSize(1_000_000)
			.expireAfterWrite(properties.userCheckCache())
			.build();
	}

	/**
	 * A token for the user, valid for {@code jwt.expire-time}.
	 */
	public String issue(long userId) {
		Instant now = this.clock.instant();
		return JWT.create()
			.withClaim(USER_ID_CLAIM, userId)
			.withClaim(VERSION_CLAIM, this.versions.current(userId))
			.withIssuedAt(now)
			.withExpiresAt(now.plus(this.properties.expireTime()))
			.sign(this.algorithm);
	}

	/**
	 * The user id the token was issued for.
	 * @throws InvalidTokenException if the token is missing, forged, without {@code exp},
	 * expired, valid for longer than {@code jwt.max-lifetime}, for a user that does not
	 * exist, or revoked
	 */
	public long verify(String token) {
		if (token == null || token.isBlank()) {
			throw new InvalidTokenException("missing token");
		}
		DecodedJWT jwt;
		try {
			jwt = this.verifier.verify(token);
		}
		catch (JWTVerificationException ex) {
			throw new InvalidTokenException("invalid token: " + ex.getMessage());
		}
		Instant now = this.clock.instant();
		Instant expiresAt = jwt.getExpiresAtAsInstant();
		if (expiresAt == null || !expiresAt.isAfter(now)) {
			throw new InvalidTokenException("invalid token: expired");
		}
		if (expiresAt.isAfter(now.plus(this.properties.maxLifetime()).plus(CLOCK_SKEW))) {
			throw new InvalidTokenException("invalid token: valid for longer than jwt.max-lifetime ("
					+ this.properties.maxLifetime().toHours() + " hours)");
		}
		Claim userId = jwt.getClaim(USER_ID_CLAIM);
		Long id = userId.isMissing() || userId.isNull() ? null : userId.asLong();
		if (id == null || id <= 0) {
			throw new InvalidTokenException("invalid token: no user_id");
		}
		if (!isRegistered(id)) {
			throw new InvalidTokenException("invalid token: no such user");
		}
		Claim version = jwt.getClaim(VERSION_CLAIM);
		long tokenVersion = version.isMissing() || version.isNull() || version.asLong() == null ? 0 : version.asLong();
		if (tokenVersion < this.versions.current(id)) {
			throw new InvalidTokenException("invalid token: revoked by logout");
		}
		return id;
	}

	/**
	 * Revokes every token issued to the user so far, on every node.
	 */
	public void revokeAll(long userId) {
		this.versions.increment(userId);
	}

	private boolean isRegistered(long userId) {
		if (this.knownUsers.getIfPresent(userId) != null) {
			return true;
		}
		boolean exists = this.accounts.exists(userId);
		if (exists) {
			this.knownUsers.put(userId, Boolean.TRUE);
		}
		return exists;
	}

}
