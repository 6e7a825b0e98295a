-- Drops the tables of zmq-spring-boot's durable topics for MariaDB (default table prefix "zmq_").

drop table if exists zmq_topic_group;

drop table if exists zmq_topic_delivery;

drop table if exists zmq_topic_message;
