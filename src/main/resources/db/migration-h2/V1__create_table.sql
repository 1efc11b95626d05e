-- GoChat schema (wire contract section 8), compatible with upstream GoChat's tables.
-- The server applies it itself through Flyway (src/main/resources/db/migration/V1__create_table.sql,
-- identical to this file); run it by hand only to prepare a database without starting a node:
--   mysql -uroot -e 'CREATE DATABASE IF NOT EXISTS gochat' && mysql -uroot gochat < sql/create_table.sql

CREATE TABLE IF NOT EXISTS `user`
(
    `id`           bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `phone_number` varchar(20)     NOT NULL COMMENT 'phone number, unique',
    `nickname`     varchar(20)     NOT NULL COMMENT 'nickname',
    `password`     varchar(255)    NOT NULL COMMENT 'password hash (BCrypt)',
    `create_time`  datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time`  datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_phone_number` (`phone_number`)
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS `friend`
(
    `id`          bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `user_id`     bigint unsigned NOT NULL COMMENT 'user who added',
    `friend_id`   bigint unsigned NOT NULL COMMENT 'user who was added',
    `create_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_user_id_friend_id` (`user_id`, `friend_id`)
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS `group`
(
    `id`          bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `name`        varchar(50)     NOT NULL COMMENT 'group name',
    `owner_id`    bigint unsigned NOT NULL COMMENT 'creator',
    `create_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`)
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS `group_user`
(
    `id`          bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `group_id`    bigint unsigned NOT NULL COMMENT 'group',
    `user_id`     bigint unsigned NOT NULL COMMENT 'member',
    `create_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time` datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_group_id_user_id` (`group_id`, `user_id`),
    KEY `idx_user_id` (`user_id`)
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS `message`
(
    `id`           bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `user_id`      bigint unsigned NOT NULL COMMENT 'owner of this copy',
    `sender_id`    bigint unsigned NOT NULL COMMENT 'sender',
    `session_type` tinyint         NOT NULL COMMENT '1 single chat, 2 group chat',
    `receiver_id`  bigint unsigned NOT NULL COMMENT 'receiving user or group',
    `message_type` tinyint         NOT NULL COMMENT '1 text, 2 picture, 3 voice',
    `content`      blob            NOT NULL COMMENT 'payload',
    `seq`          bigint unsigned NOT NULL COMMENT 'the owner''s seq',
    `send_time`    datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'sent at',
    `create_time`  datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time`  datetime        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_user_id_seq` (`user_id`, `seq`) USING BTREE
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS `uid`
(
    `id`          bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'primary key',
    `business_id` varchar(128) DEFAULT NULL COMMENT 'business the ids are for',
    `max_id`      bigint unsigned                  DEFAULT NULL COMMENT 'highest id reserved',
    `step`        int unsigned                     DEFAULT NULL COMMENT 'ids reserved at a time',
    `create_time` datetime                         DEFAULT CURRENT_TIMESTAMP COMMENT 'created at',
    `update_time` datetime                         DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'updated at',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_business_id` (`business_id`)
) ENGINE = InnoDB
  DEFAULT CHARSET = utf8mb4
  COMMENT ='segment id allocator';
