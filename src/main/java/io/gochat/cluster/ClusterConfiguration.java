package io.gochat.cluster;

import io.etcd.jetcd.Client;
import io.gochat.mode.ClusterMode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ClusterMode
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	@Bean(destroyMethod = "close")
	Client etcdClient(EtcdProperties properties) {
		return Client.builder()
			.endpoints(properties.endpoints().toArray(String[]::new))
			.connectTimeout(properties.timeout())
			.build();
	}

}
