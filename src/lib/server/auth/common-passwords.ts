/**
 * Passwords too common to be chosen (issue 14, my account): the most frequent ones of the public
 * leak lists that are at least 8 characters long (shorter ones are refused by length anyway),
 * keyboard walks, and the favourites of Vietnamese users (lucky numbers, `matkhau`, `anhyeuem`,
 * place names, the product's own words). Compared after `commonForm`: lower case, without
 * diacritics, spaces, dots, dashes and underscores, so `Mật khẩu 123` is `matkhau123`.
 *
 * Not here on purpose: the sample province's shared password (`thidua2025`), which the sample
 * accounts keep signing in with; the rule applies only when a password is chosen.
 */

/** The form two passwords are compared in: `Mật-Khẩu 123` → `matkhau123`. */
export function commonForm(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[\s._-]+/g, '');
}

const LIST = `
12345678 123456789 1234567890 12345678910 0123456789 01234567 87654321 987654321 9876543210
11111111 111111111 1111111111 00000000 000000000 0000000000 22222222 33333333 44444444
55555555 66666666 77777777 88888888 99999999 12121212 11223344 11112222 12341234 12344321
1234512345 123123123 123321123 12345679 123456780 147258369 123654789 741852963 159753258
147852369 963852741 13579246 24682468 10203040 102030405 11111112 12345600 66668888 68686868
86868686 88886666 99998888 79797979 39393939 83838383 11335577 20102010 19901990 19951995
20002000 20202020 20212021 20222022 20232023 20242024 20252025 20262026 01012000 01011990
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word
passwords password! qwerty123 qwertyui qwertyuiop qwerty1234 qwerty12345 1qaz2wsx 1q2w3e4r
1q2w3e4r5t 1q2w3e4r5t6y zaq12wsx zaq1zaq1 qazwsxedc qazwsx123 asdfghjk asdfghjkl asdf1234
zxcvbnm1 zxcvbnm123 zxcvbnma 1qazxsw2 q1w2e3r4 q1w2e3r4t5 abcd1234 abcdefgh abcdefg1 abc12345
abc123456 aa123456 a1234567 a12345678 a123456789 aaaaaaaa abcabcabc 1a2b3c4d iloveyou
iloveyou1 iloveyou2 iloveu123 loveyou1 sunshine princess football baseball basketball superman
batman123 starwars trustno1 welcome1 welcome123 letmein1 monkey123 dragon123 master123
michael1 jennifer jordan23 computer internet whatever firefox1 samsung1 samsung123 iphone123
google123 facebook facebook1 youtube1 minecraft pokemon1 liverpool chelsea1 arsenal1
manchester manutd123 barcelona realmadrid changeme changeme1 default1 administrator admin123
admin1234 adminadmin root1234 test1234 testtest 12345qwert qwert12345 secret12 secret123
matkhau matkhau1 matkhau12 matkhau123 matkhau1234 matkhaumoi matkhaucu doimatkhau nhapmatkhau
matkhaucuatoi anhyeuem anhyeuem1 anhyeuem123 emyeuanh emyeuanh1 emyeuanh123 yeuem123 yeuanh123
yeuemnhieu anhyeuemnhieu iloveyouvn vietnam vietnam1 vietnam123 vietnam12 vietnamvodich
toiyeuvietnam hanoi123 hanoi1234 hanoivietnam saigon123 hochiminh danang123 haiphong
quangninh cantho123 matma123 bimat123 khongbiet khongcomatkhau conmeo123 concho123 thienthan
congchua hoangtu123 hoanganh123 nguyenvan nguyenvana nguyen123 tranvan123 levan123 phamvan123
hoangvan123 nguyenthi nguyenanh minhanh123 ngoclan123 thuhuong thanhhuong thanhtam 88889999
thidua thiduakhenthuong khenthuong thiduakhoi khoithidua thidua123 thidua2024 thidua2026
quantri quantri123 quantrivien ubndtinh ubnd1234 ubndxa123 uybannhandan donvi123 canbo123
congchuc congchuc123 vanphong vanphong123 phongban123 coquan123 tinhuy123 huyenuy123
truongkhoi phokhoi123 chamdiem chamdiem123 tudanhgia khoithi123 hethong123 dangnhap
dangnhap123 taikhoan taikhoan123 xinchao123 chucmung123 tamthoi123 tamthoi
`;

/** The list in `commonForm`. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
	LIST.split(/\s+/)
		.filter((w) => w !== '')
		.map(commonForm)
);
