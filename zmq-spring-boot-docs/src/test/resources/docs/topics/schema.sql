create table users (id varchar(36) primary key, email varchar(200), phone varchar(50));
create table mails (user_id varchar(36));
create table texts (user_id varchar(36));
