package io.gochat.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link AuthenticatedUser} parameters from the {@code token} header, refusing
 * the request with {@link InvalidTokenException} when it does not verify.
 */
class AuthenticatedUserResolver implements HandlerMethodArgumentResolver {

	static final String TOKEN_HEADER = "token";

	private final TokenService tokens;

	AuthenticatedUserResolver(TokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == AuthenticatedUser.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		return new AuthenticatedUser(this.tokens.verify(webRequest.getHeader(TOKEN_HEADER)));
	}

}
