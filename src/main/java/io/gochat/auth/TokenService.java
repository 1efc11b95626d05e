package io.gochat.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.springframework.stereotype.Component;

/**
 * Issues and checks the HS256 tokens of the contract: claim {@code user_id} (a number)
 * and {@code exp}. The key is the raw bytes of {@code jwt.sign-key}, so a token issued by
 * a Go node verifies here and back.
 */
@Component
public class TokenService {

	static final String USER_ID_CLAIM = "user_id";

	private final JwtProperties properties;

	private final Algorithm algorithm;

	private final JWTVerifier verifier;

	private final Clock clock;

	TokenService(JwtProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.algorithm = Algorithm.HMAC256(properties.signKey().getBytes(StandardCharsets.UTF_8));
		this.verifier = ((JWTVerifier.BaseVerification) JWT.require(this.algorithm)).build(clock);
	}

	/**
	 * A token for the user, valid for {@code jwt.expire-time}.
	 */
	public String issue(long userId) {
		Instant expiry = this.clock.instant().plus(this.properties.expireTime());
		return JWT.create().withClaim(USER_ID_CLAIM, userId).withExpiresAt(expiry).sign(this.algorithm);
	}

	/**
	 * The user id the token was issued for.
	 * @throws InvalidTokenException if the token is missing, forged, expired or has no
	 * positive {@code user_id}
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
		if (jwt.getExpiresAtAsInstant() != null && !jwt.getExpiresAtAsInstant().isAfter(this.clock.instant())) {
			throw new InvalidTokenException("invalid token: expired");
		}
		Claim userId = jwt.getClaim(USER_ID_CLAIM);
		Long id = (userId.isMissing() || userId.isNull()) ? null : userId.asLong();
		if (id == null || id <= 0) {
			throw new InvalidTokenException("invalid token: no user_id");
		}
		return id;
	}

}
