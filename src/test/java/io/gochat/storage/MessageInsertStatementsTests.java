package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageInsertStatementsTests {

	@Test
	void rendersEveryValueInlineWithTheContentAsHex() {
		MessageCopy copy = new MessageCopy(7, 8, 2, 9, 1, new byte[] { 0x27, 0x5c, 0x00, (byte) 0xff }, 10, 0);
		List<String> statements = MessageInsertStatements.render(List.of(copy));
		assertThat(statements).singleElement()
			.asString()
			.startsWith(MessageInsertStatements.PREFIX + "(7,8,2,9,1,X'275c00ff',10,'")
			.endsWith("')" + MessageInsertStatements.SUFFIX)
			// a quote or backslash in the content never reaches the SQL text as such
			.doesNotContain("\\");
	}

	@Test
	void emptyContentIsAnEmptyHexLiteralAndNoCopiesNoStatement() {
		MessageCopy copy = new MessageCopy(1, 1, 1, 2, 1, new byte[0], 1, 0);
		assertThat(MessageInsertStatements.render(List.of(copy)).get(0)).contains(",X'',");
		assertThat(MessageInsertStatements.render(List.of())).isEmpty();
	}

	@Test
	void splitsLargeBatchesIntoStatementsUnderTheSizeLimit() {
		List<MessageCopy> copies = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			copies.add(new MessageCopy(i, 1, 1, 2, 1, new byte[60_000], i, 0));
		}
		List<String> statements = MessageInsertStatements.render(copies);
		assertThat(statements).hasSizeGreaterThan(1)
			.allSatisfy(
					(sql) -> assertThat(sql.length()).isLessThanOrEqualTo(MessageInsertStatements.MAX_STATEMENT_CHARS));
		assertThat(String.join("", statements).split("X'", -1)).hasSize(201);
	}

}
