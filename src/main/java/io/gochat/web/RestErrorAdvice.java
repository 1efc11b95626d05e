package io.gochat.web;

import io.gochat.node.Refusals;
import io.gochat.wire.GoChatException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every REST failure to upstream's shape, HTTP 200 with {@code {"code": -1, "msg":
 * ...}}: never a stack trace or an error page.
 */
@RestControllerAdvice
class RestErrorAdvice {

	private static final Logger log = LoggerFactory.getLogger(RestErrorAdvice.class);

	private final Refusals refusals;

	RestErrorAdvice(Refusals refusals) {
		this.refusals = refusals;
	}

	@ExceptionHandler(GoChatException.class)
	ApiResponse refused(GoChatException ex) {
		return ApiResponse.failure(ex.getMessage());
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ApiResponse missingParameter(MissingServletRequestParameterException ex) {
		return ApiResponse.failure("missing parameter: " + ex.getParameterName());
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ApiResponse missingHeader(MissingRequestHeaderException ex) {
		return ApiResponse.failure("missing header: " + ex.getHeaderName());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ApiResponse badParameter(MethodArgumentTypeMismatchException ex) {
		return ApiResponse.failure("illegal value for parameter " + ex.getName() + ": " + ex.getValue());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ApiResponse wrongMethod(HttpRequestMethodNotSupportedException ex) {
		return ApiResponse.failure("method " + ex.getMethod() + " is not supported here");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ApiResponse wrongContentType(HttpMediaTypeNotSupportedException ex) {
		return ApiResponse.failure("send the fields as application/x-www-form-urlencoded or multipart/form-data");
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ApiResponse notFound(NoResourceFoundException ex) {
		return ApiResponse.failure("no such endpoint: /" + ex.getResourcePath());
	}

	// Tomcat refuses to read more form fields than server.tomcat.max-parameter-count, or
	// a body over server.tomcat.max-http-form-post-size: a client's mistake, not ours
	@ExceptionHandler({ InvalidParameterException.class, MaxUploadSizeExceededException.class })
	ApiResponse tooLarge(Exception ex) {
		this.refusals.count("rest-request-size");
		log.warn("REST request refused: {}", ex.getMessage());
		return ApiResponse.failure("request too large: too many form fields or too large a body (limits: "
				+ "server.tomcat.max-parameter-count, server.tomcat.max-http-form-post-size)");
	}

	@ExceptionHandler(Exception.class)
	ApiResponse unexpected(Exception ex) {
		log.error("REST request failed", ex);
		return ApiResponse.failure("server error");
	}

}
