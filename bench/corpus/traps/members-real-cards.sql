CREATE TABLE `members` (
  `member_id` varchar(255) DEFAULT NULL,
  `member_name` varchar(255) DEFAULT NULL,
  `mail` varchar(255) DEFAULT NULL,
  `credit_card` varchar(255) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `members` VALUES ('1','雲母 澪','mio.kirara973@example.com','3540134950211969'),('2','百目鬼 琴音','kotone_domeki718@mail.example.org',NULL),('3','野々村 澪','mio_nonomura767@example.ne.jp','5321408895637730'),('4','新垣 琴音','kotonearakaki619@example.co.jp',NULL),('5','一ノ瀬 琴音','kotone_ichinose762@mail.example.org','4270291564932895'),('6','久保田 樹','itsuki.kubota698@example.jp',NULL),('7','千葉 文代','fumiyo.chiba383@example.ne.jp','3589413575186638'),('8','我如古 節子','setsuko.ganeko87@mail.example.org',NULL),('9','千葉 清','kiyoshi.chiba367@example.jp','3589253816816910'),('10','菅野 陽翔','harutokanno194@example.co.jp',NULL);
