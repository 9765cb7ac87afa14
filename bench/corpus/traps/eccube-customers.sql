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
INSERT INTO `dtb_customer` VALUES ('1','2','久保田','凛','クボタ','リン',NULL,'514','0004','24','津市栄町','9-15-20','rin.kubota609@example.jp','090','1531','9478',NULL,NULL,NULL,'2','2000-01-09 00:00:00','$2y$10$JSeEtmAjyILz8o5EQU8cOHmclsALvH87zkSk8Pf7v28mGByvW7eEF','2016-05-28 10:39:00'),('2','2','佐藤','陽翔','サトウ','ハルト',NULL,'150','0041','13','渋谷区神南','9-30-5','harutosato311@example.co.jp','070','6337','0568',NULL,NULL,NULL,'1','1943-04-14 00:00:00','$2y$10$I0DMgnXct7S4IUiPQ3MuLeiNVvzkRZ4ekO1C54G4eEa4hZiKeExXn','2016-05-12 10:59:00'),('3','2','佐藤','湊','サトウ','ミナト',NULL,'400','0031','19','甲府市丸の内','6-18-13','minato.sato109@example.jp','070','7947','8177',NULL,NULL,NULL,'1','1969-02-21 00:00:00','$2y$10$S74lJjNpg6zXrfSLcoHJ9nPPMrAnpA7yP8bi.XtjOLVkTFN1k6vab','2016-02-13 10:56:00'),('4','2','御手洗','清','ミタライ','キヨシ',NULL,'020','0023','3','盛岡市内丸','3-22-4','kiyoshimitarai236@example.jp','070','7214','7531',NULL,NULL,NULL,'1','1947-04-28 00:00:00','$2y$10$vhwe6R0Mu.yE0s/g6.xW1ooGYwL31q3U.7cjICE8fJiF99tci26JC','2016-02-21 10:36:00'),('5','2','勅使河原','湊','テシガワラ','ミナト',NULL,'640','8156','30','和歌山市七番丁','9-24-4','minato_teshigawara401@example.ne.jp','090','9954','2969',NULL,NULL,NULL,'1','1936-09-25 00:00:00','$2y$10$soP2JgHIYRyUpL5NOmfNPQHnPXL.ZfqMO76XoiDS8z.Y2vpQzLkIZ','2016-03-24 10:48:00'),('6','2','御手洗','文代','ミタライ','フミヨ',NULL,'680','0011','31','鳥取市東町','6-22-1','fumiyo_mitarai430@example.co.jp','070','9924','7216',NULL,NULL,NULL,'2','1998-05-10 00:00:00','$2y$10$jHffeJG4ifyfCUoNwqqqWvvIFvhpZy7wR6yvgWvK9LyBHaze7VQPD','2016-05-24 10:43:00'),('7','2','小鳥遊','悠真','タカナシ','ユウマ',NULL,'020','0023','3','盛岡市内丸','4-1-17','yumatakanashi750@example.com','090','6873','4898',NULL,NULL,NULL,'1','2002-07-18 00:00:00','$2y$10$VvfoKHnK3WXKYZlrPZz6lZaSyGem6CDlShiaai3WnUBtIDV8xIBU2','2016-01-10 10:21:00'),('8','2','宍戸','紬','シシド','ツムギ',NULL,'680','0011','31','鳥取市東町','4-12-12','tsumugi.shishido582@example.jp','070','7736','5493',NULL,NULL,NULL,'2','1951-09-16 00:00:00','$2y$10$MPGVeYmT9yhVaEXX11YkJyq18JH8GhrMjNzZob/S7xjElhFKUon1u','2016-01-15 10:34:00'),('9','2','百目鬼','颯太','ドウメキ','ソウタ',NULL,'542','0076','27','大阪市中央区難波','8-14-14','sotadomeki466@example.com','090','2998','3721',NULL,NULL,NULL,'1','1951-10-01 00:00:00','$2y$10$csiikvg5u4EfTccqYFK5C8bbHQOMdaKVZy3NU4lR9H4201EIkwtUK','2016-05-23 10:43:00'),('10','2','御手洗','紬','ミタライ','ツムギ',NULL,'500','8384','21','岐阜市薮田南','9-7-17','tsumugimitarai298@example.co.jp','070','0182','4055',NULL,NULL,NULL,'2','1998-03-01 00:00:00','$2y$10$p3v06LUvcd7IWu9EVbi6BitNgF/Guz1gCptkB3b05bgdrstZSTVi8','2016-05-22 10:11:00'),('11','2','長宗我部','詩織','チョウソカベ','シオリ',NULL,'514','0004','24','津市栄町','8-21-4','shiori_chosokabe306@mail.example.org','070','3243','6659',NULL,NULL,NULL,'2','1991-01-23 00:00:00','$2y$10$cxXhVA0DrO5xlG3gxVjakSiZoVF9iMQSoUsCvYkIDQMJFaSpH9mMN','2016-01-20 10:28:00'),('12','2','佐藤','芽依','サトウ','メイ',NULL,'680','0011','31','鳥取市東町','2-3-8','meisato972@example.ne.jp','070','5289','4846',NULL,NULL,NULL,'2','1988-08-04 00:00:00','$2y$10$gTiz65JDIvcINjGsO5vds2tYW0cYEjwfY6FJiO2REXXPh/W3wDESy','2016-01-22 10:44:00'),('13','2','勅使河原','樹','テシガワラ','イツキ',NULL,'514','0004','24','津市栄町','8-4-4','itsuki.teshigawara652@example.com','080','3088','1221',NULL,NULL,NULL,'1','1989-09-26 00:00:00','$2y$10$ttdvmNpr9qQsF.IyBbdPNalC3pAqd.ICyWgPPNemglD/VtiJJiRW.','2016-01-11 10:53:00'),('14','2','辻本','文代','ツジモト','フミヨ',NULL,'640','8156','30','和歌山市七番丁','2-15-10','fumiyotsujimoto335@mail.example.org','080','6960','8087',NULL,NULL,NULL,'2','1987-04-19 00:00:00','$2y$10$a/H1In9o5WOJgrUTVgAwb2ykY.ePXj99hAPaHuc8Yu6HZs7Jj1dTo','2016-02-18 10:10:00');
