package io.gochat.storage;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaScriptTests {

	static String read(String path) throws Exception {
		return Files.readString(Path.of(path));
	}

	@Test
	void theSqlScriptAndTheFlywayMigrationAreIdentical() throws Exception {
		assertThat(read("sql/create_table.sql"))
			.isEqualTo(read("src/main/resources/db/migration/V1__create_table.sql"));
	}

	@Test
	void theStandaloneMigrationDiffersOnlyInTheCollationsH2CannotParse() throws Exception {
		String mysql = read("sql/create_table.sql");
		String h2 = read("src/main/resources/db/migration-h2/V1__create_table.sql");
		assertThat(h2).doesNotContain("COLLATE");
		assertThat(mysql.replace(" COLLATE utf8mb4_bin DEFAULT NULL", " DEFAULT NULL")
			.replace("  COLLATE = utf8mb4_bin COMMENT", "  COMMENT")).isEqualTo(h2);
	}

}
