package io.gochat.support;

/**
 * Settings that point every external service at port 1 of loopback, where nothing
 * listens.
 */
public final class UnreachableServices {

	public static final String REDIS = "spring.data.redis.port=1";

	public static final String RABBITMQ = "spring.rabbitmq.addresses=amqp://guest:guest@127.0.0.1:1/";

	public static final String ETCD = "etcd.endpoints=http://127.0.0.1:1";

	public static final String MYSQL = "spring.datasource.url=jdbc:mysql://127.0.0.1:1/gochat";

	private UnreachableServices() {
	}

}
