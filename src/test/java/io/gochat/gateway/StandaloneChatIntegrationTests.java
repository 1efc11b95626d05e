package io.gochat.gateway;

import io.gochat.support.StandaloneIntegrationTest;

/**
 * The chat flows in standalone mode, with every external service unreachable.
 */
@StandaloneIntegrationTest
class StandaloneChatIntegrationTests extends ChatFlowTests {

}
