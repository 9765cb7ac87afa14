-- MySQL dump
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `dtb_customer` (
  `customer_id` varchar(255) DEFAULT NULL,
  `status` varchar(255) DEFAULT NULL,
  `name01` varchar(255) DEFAULT NULL,
  `name02` varchar(255) DEFAULT NULL,
  `kana01` varchar(255) DEFAULT NULL,
  `kana02` varchar(255) DEFAULT NULL,
  `company_name` varchar(255) DEFAULT NULL,
  `zip01` varchar(255) DEFAULT NULL,
  `zip02` varchar(255) DEFAULT NULL,
  `pref` varchar(255) DEFAULT NULL,
  `addr01` varchar(255) DEFAULT NULL,
  `addr02` varchar(255) DEFAULT NULL,
  `email` varchar(255) DEFAULT NULL,
  `tel01` varchar(255) DEFAULT NULL,
  `tel02` varchar(255) DEFAULT NULL,
  `tel03` varchar(255) DEFAULT NULL,
  `fax01` varchar(255) DEFAULT NULL,
  `fax02` varchar(255) DEFAULT NULL,
  `fax03` varchar(255) DEFAULT NULL,
  `sex` varchar(255) DEFAULT NULL,
  `birth` varchar(255) DEFAULT NULL,
  `password` varchar(255) DEFAULT NULL,
  `create_date` varchar(255) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `dtb_customer` VALUES ('1','2','久保田','凛','クボタ','リン',NULL,'514','0004','24','津市栄町','9-15-20','rin.kubota609@example.jp','090','1531','9478',NULL,NULL,NULL,'2','2000-01-09 00:00:00','$2y$10$1350760581289690239421','2016-04-19 10:41:00'),('2','2','佐藤','陽翔','サトウ','ハルト',NULL,'150','0041','13','渋谷区神南','9-30-5','harutosato311@example.co.jp','070','6337','0568',NULL,NULL,NULL,'1','1943-04-14 00:00:00','$2y$10$7027199863692597896108','2016-04-17 10:58:00'),('3','2','佐藤','湊','サトウ','ミナト',NULL,'400','0031','19','甲府市丸の内','6-18-13','minato.sato109@example.jp','070','7947','8177',NULL,NULL,NULL,'1','1969-02-21 00:00:00','$2y$10$5118951802564479391352','2016-02-27 10:21:00'),('4','2','御手洗','清','ミタライ','キヨシ',NULL,'020','0023','3','盛岡市内丸','3-22-4','kiyoshimitarai236@example.jp','070','7214','7531',NULL,NULL,NULL,'1','1947-04-28 00:00:00','$2y$10$7255237863495528099195','2016-01-18 10:55:00'),('5','2','勅使河原','湊','テシガワラ','ミナト',NULL,'640','8156','30','和歌山市七番丁','9-24-4','minato_teshigawara401@example.ne.jp','090','9954','2969',NULL,NULL,NULL,'1','1936-09-25 00:00:00','$2y$10$5451518469193996152659','2016-05-17 10:45:00'),('6','2','御手洗','文代','ミタライ','フミヨ',NULL,'680','0011','31','鳥取市東町','6-22-1','fumiyo_mitarai430@example.co.jp','070','9924','7216',NULL,NULL,NULL,'2','1998-05-10 00:00:00','$2y$10$5324611962227066098294','2016-03-10 10:29:00'),('7','2','小鳥遊','悠真','タカナシ','ユウマ',NULL,'020','0023','3','盛岡市内丸','4-1-17','yumatakanashi750@example.com','090','6873','4898',NULL,NULL,NULL,'1','2002-07-18 00:00:00','$2y$10$7522363128697443197575','2016-05-15 10:52:00'),('8','2','宍戸','紬','シシド','ツムギ',NULL,'680','0011','31','鳥取市東町','4-12-12','tsumugi.shishido582@example.jp','070','7736','5493',NULL,NULL,NULL,'2','1951-09-16 00:00:00','$2y$10$2708187059073866147288','2016-04-26 10:27:00'),('9','2','百目鬼','颯太','ドウメキ','ソウタ',NULL,'542','0076','27','大阪市中央区難波','8-14-14','sotadomeki466@example.com','090','2998','3721',NULL,NULL,NULL,'1','1951-10-01 00:00:00','$2y$10$0945101951519974589103','2016-03-20 10:46:00'),('10','2','御手洗','紬','ミタライ','ツムギ',NULL,'500','8384','21','岐阜市薮田南','9-7-17','tsumugimitarai298@example.co.jp','070','0182','4055',NULL,NULL,NULL,'2','1998-03-01 00:00:00','$2y$10$6281511438362922652221','2016-04-15 10:30:00'),('11','2','長宗我部','詩織','チョウソカベ','シオリ',NULL,'514','0004','24','津市栄町','8-21-4','shiori_chosokabe306@mail.example.org','070','3243','6659',NULL,NULL,NULL,'2','1991-01-23 00:00:00','$2y$10$2045722993650398048762','2016-05-14 10:40:00'),('12','2','佐藤','芽依','サトウ','メイ',NULL,'680','0011','31','鳥取市東町','2-3-8','meisato972@example.ne.jp','070','5289','4846',NULL,NULL,NULL,'2','1988-08-04 00:00:00','$2y$10$1457751555119558503627','2016-04-23 10:44:00'),('13','2','勅使河原','樹','テシガワラ','イツキ',NULL,'514','0004','24','津市栄町','8-4-4','itsuki.teshigawara652@example.com','080','3088','1221',NULL,NULL,NULL,'1','1989-09-26 00:00:00','$2y$10$3771175648973987537192','2016-05-11 10:17:00'),('14','2','辻本','文代','ツジモト','フミヨ',NULL,'640','8156','30','和歌山市七番丁','2-15-10','fumiyotsujimoto335@mail.example.org','080','6960','8087',NULL,NULL,NULL,'2','1987-04-19 00:00:00','$2y$10$4859322097637561161933','2016-01-17 10:31:00');
