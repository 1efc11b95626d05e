package io.gochat.gateway;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTests {

	Connection connection = new Connection(new EmbeddedChannel(), OutboundQueue.Bounds.unlimited());

	@Test
	void acceptsOnlyTheNextClientId() {
		assertThat(this.connection.acceptClientId(1)).isEqualTo(Connection.ClientIdCheck.NEXT);
		assertThat(this.connection.acceptClientId(2)).isEqualTo(Connection.ClientIdCheck.NEXT);
		assertThat(this.connection.expectedClientId()).isEqualTo(3);
	}

	@Test
	void retransmitsOfAcceptedClientIdsAreRepeats() {
		this.connection.acceptClientId(1);
		this.connection.acceptClientId(2);
		assertThat(this.connection.acceptClientId(2)).isEqualTo(Connection.ClientIdCheck.REPEATED);
		assertThat(this.connection.acceptClientId(1)).isEqualTo(Connection.ClientIdCheck.REPEATED);
		assertThat(this.connection.acceptClientId(0)).isEqualTo(Connection.ClientIdCheck.REPEATED);
		assertThat(this.connection.expectedClientId()).isEqualTo(3);
	}

	@Test
	void aGapIsNeitherAcceptedNorRemembered() {
		assertThat(this.connection.acceptClientId(5)).isEqualTo(Connection.ClientIdCheck.GAP);
		assertThat(this.connection.expectedClientId()).isEqualTo(1);
		assertThat(this.connection.acceptClientId(1)).isEqualTo(Connection.ClientIdCheck.NEXT);
	}

	@Test
	void isNotLoggedInUntilLogin() {
		assertThat(this.connection.isLoggedIn()).isFalse();
		this.connection.loggedIn(42);
		assertThat(this.connection.isLoggedIn()).isTrue();
		assertThat(this.connection.userId()).isEqualTo(42);
	}

}
