-- MySQL dump
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `users` (
  `id` varchar(255) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `email` varchar(255) DEFAULT NULL,
  `tel` varchar(255) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `users` VALUES ('1','新垣 紬','tsumugi.arakaki688@example.jp','090-4870-6030'),('2','久保田 蒼','aoikubota234@example.ne.jp','080-9460-6383'),('3','百目鬼 節子','setsukodomeki3@mail.example.org','090-8159-7064'),('4','雲母 詩織','shiori_kirara435@example.co.jp','090-3657-5263'),('5','長宗我部 紬','tsumugi_chosokabe381@example.ne.jp','080-0776-6054'),('6','野々村 節子','setsukononomura576@example.jp','070-5664-5453'),('7','佐藤 節子','setsuko.sato918@example.com','090-0949-4122'),('8','佐藤 湊','minatosato603@example.co.jp','080-9751-8720'),('9','野々村 清','kiyoshi_nonomura299@example.jp','080-9493-8241'),('10','一ノ瀬 詩織','shioriichinose656@example.co.jp','070-8307-7259'),('11','比嘉 陽翔','haruto_higa211@example.ne.jp','070-8872-6404'),('12','久保田 湊','minatokubota554@example.com','070-6882-8656'),('13','東海林 颯太','sotashoji807@example.co.jp','080-4253-8184'),('14','久保田 凛','rinkubota568@mail.example.org','070-8360-5073');
CREATE TABLE `orders` (
  `order_id` varchar(255) DEFAULT NULL,
  `user_id` varchar(255) DEFAULT NULL,
  `amount` varchar(255) DEFAULT NULL,
  `card_no` varchar(255) DEFAULT NULL,
  `ordered_at` varchar(255) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `orders` VALUES ('5000','11','5400','4111111111111111','2016-03-14'),('5001','13','7400',NULL,'2016-03-10'),('5002','14','7500',NULL,'2016-03-26'),('5003','13','2800',NULL,'2016-03-25'),('5004','11','9100',NULL,'2016-03-16'),('5005','4','1000',NULL,'2016-03-26'),('5006','12','3500',NULL,'2016-03-21'),('5007','14','9000',NULL,'2016-03-23'),('5008','2','7000',NULL,'2016-03-26'),('5009','7','5800','4111111111111111','2016-03-27'),('5010','11','1300',NULL,'2016-03-14'),('5011','6','2300',NULL,'2016-03-17'),('5012','2','2600',NULL,'2016-03-11'),('5013','14','5300',NULL,'2016-03-26'),('5014','13','7900',NULL,'2016-03-14'),('5015','3','3100',NULL,'2016-03-26'),('5016','8','2500',NULL,'2016-03-13'),('5017','10','6300',NULL,'2016-03-15'),('5018','3','1000','4111111111111111','2016-03-27'),('5019','3','7300',NULL,'2016-03-20'),('5020','2','3400',NULL,'2016-03-13'),('5021','4','1500',NULL,'2016-03-27'),('5022','1','4400',NULL,'2016-03-24'),('5023','5','6000',NULL,'2016-03-28'),('5024','7','3900',NULL,'2016-03-28'),('5025','1','3500',NULL,'2016-03-24'),('5026','12','2400',NULL,'2016-03-21'),('5027','1','5100','4111111111111111','2016-03-22'),('5028','13','9700',NULL,'2016-03-20'),('5029','11','6000',NULL,'2016-03-28');
