package io.gochat.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaScriptTests {

	@Test
	void theSqlScriptAndTheFlywayMigrationAreIdentical() throws Exception {
		assertThat(Files.readString(Path.of("sql/create_table.sql")))
			.isEqualTo(Files.readString(Path.of("src/main/resources/db/migration/V1__create_table.sql")));
	}

}
