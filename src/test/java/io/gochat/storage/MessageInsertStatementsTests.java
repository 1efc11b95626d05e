package io.gochat.storage;

import java.util.ArrayList;
import java.util.List;

import io.gochat.message.MessageCopy;
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
	void aGroupMessageOfManyCopiesIsSplitIntoStatementsUnderTheSizeLimitKeepingEveryRowOnce() {
		List<MessageCopy> copies = new ArrayList<>();
		for (int user = 1; user <= 5000; user++) {
			copies.add(new MessageCopy(user, 1, 2, 9, 1, "hello group".getBytes(), user + 100, 0));
		}
		List<String> statements = MessageInsertStatements.render(copies);
		assertThat(statements).hasSizeGreaterThan(1)
			.allSatisfy((sql) -> assertThat(sql).startsWith(MessageInsertStatements.PREFIX)
				.hasSizeLessThanOrEqualTo(MessageInsertStatements.MAX_STATEMENT_CHARS));
		String all = String.join("", statements);
		assertThat(all.split("X'", -1)).hasSize(5001);
		assertThat(all).contains("(1,1,2,9,1,X'68656c6c6f2067726f7570',101,'")
			.contains("(5000,1,2,9,1,X'68656c6c6f2067726f7570',5100,'");
	}

	@Test
	void aCopyLargerThanTheLimitIsAStatementOfItsOwn() {
		List<MessageCopy> copies = List.of(new MessageCopy(1, 1, 1, 2, 1, new byte[10], 1, 0),
				new MessageCopy(2, 1, 1, 2, 1, new byte[MessageInsertStatements.MAX_STATEMENT_CHARS], 2, 0),
				new MessageCopy(3, 1, 1, 2, 1, new byte[10], 3, 0));
		List<String> statements = MessageInsertStatements.render(copies);
		assertThat(statements).hasSize(3);
		assertThat(statements.get(1)).hasSizeGreaterThan(MessageInsertStatements.MAX_STATEMENT_CHARS)
			.contains("(2,1,1,2,1,X'00");
	}

	@Test
	void splitsLargeBatchesIntoStatementsUnderTheSizeLimit() {
		List<MessageCopy> copies = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			copies.add(new MessageCopy(i, 1, 1, 2, 1, new byte[6_000], i, 0));
		}
		List<String> statements = MessageInsertStatements.render(copies);
		assertThat(statements).hasSizeGreaterThan(1)
			.allSatisfy(
					(sql) -> assertThat(sql.length()).isLessThanOrEqualTo(MessageInsertStatements.MAX_STATEMENT_CHARS));
		assertThat(String.join("", statements).split("X'", -1)).hasSize(201);
	}

}
