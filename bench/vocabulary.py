"""Indonesian public-service words from which the benchmark data set is composed.

Every agency, work unit and innovation built from these lists is synthetic:
agency names carry the word "Sintetis" and a number, so that no generated
row can be mistaken for a real government body or a real entry.
"""

# Kinds of work unit (SKPD) found in Indonesian regional governments; the
# generator adds the synthetic agency's number where a name must be unique.
WORK_UNIT_KINDS = [
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Dinas Pertanian dan Ketahanan Pangan", "Distan"),
    ("Dinas Kelautan dan Perikanan", "DKP"),
    ("Dinas Koperasi dan Usaha Mikro", "Diskop"),
    ("Dinas Tenaga Kerja", "Disnaker"),
    ("Dinas Perpustakaan dan Kearsipan", "Dispusip"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("Dinas Pemadam Kebakaran", "Damkar"),
    ("Badan Pendapatan Daerah", "Bapenda"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Rumah Sakit Umum Daerah", "RSUD"),
    ("Sekretariat Daerah", "Setda"),
    ("Inspektorat Daerah", "Itda"),
    ("Satuan Polisi Pamong Praja", "Satpol PP"),
]
# Units of which an agency has many, numbered: kecamatan, puskesmas, schools.
NUMBERED_UNIT_KINDS = [
    ("Kecamatan", "Kec"),
    ("Puskesmas", "PKM"),
    ("Kelurahan", "Kel"),
    ("Unit Pelaksana Teknis", "UPT"),
    ("Sekolah Menengah Pertama Negeri", "SMPN"),
]

TITLE_PREFIXES = [
    "Sistem", "Aplikasi", "Gerakan", "Layanan", "Program", "Klinik", "Rumah", "Pojok",
    "Mobil", "Gerai", "Kampung", "Sekolah", "Posko", "Jaringan", "Portal", "Loket",
]
TITLE_CORES = [
    "Antrean Daring", "Jemput Bola Administrasi Kependudukan", "Pelayanan Terpadu Satu Pintu",
    "Perizinan Tanpa Tatap Muka", "Pengaduan Masyarakat Terpadu", "Rujukan Pasien Terintegrasi",
    "Imunisasi Keliling", "Pencegahan Stunting", "Air Bersih Desa", "Sampah Bernilai Ekonomi",
    "Pajak Daerah Digital", "Bantuan Sosial Tepat Sasaran", "Literasi Keluarga",
    "Perlindungan Anak Terpadu", "Kesehatan Ibu dan Anak", "Kartu Identitas Anak",
    "Pemantauan Gizi Balita", "Pendampingan Usaha Mikro", "Informasi Harga Pangan",
    "Tanggap Darurat Bencana", "Penerangan Jalan Cerdas", "Parkir Nontunai",
    "Konsultasi Hukum Gratis", "Layanan Lansia Ramah", "Ambulans Desa", "Perpustakaan Keliling",
    "Pelatihan Kerja Terpadu", "Kependudukan Berbasis Desa", "Sertifikat Halal Gratis",
    "Pengelolaan Arsip Digital", "Beasiswa Anak Nelayan", "Pasar Rakyat Sehat",
    "Transportasi Pelajar", "Penanganan Kebakaran Cepat", "Data Terpadu Kesejahteraan",
    "Pembayaran Retribusi Nontunai", "Pemeriksaan Kesehatan Gratis", "Tanam Pohon Sekolah",
    "Desa Digital", "Pelayanan Disabilitas",
]
TITLE_TARGETS = [
    "untuk Warga Desa", "bagi Ibu Hamil", "bagi Lansia", "untuk Pelajar", "bagi Nelayan",
    "bagi Petani", "untuk Penyandang Disabilitas", "di Wilayah Perbatasan", "di Daerah Terpencil",
    "bagi Pelaku Usaha Mikro", "untuk Keluarga Miskin", "di Kawasan Pesisir", "bagi Pekerja Migran",
    "untuk Semua", "di Pulau Terluar", "bagi Anak Sekolah", "di Kampung Adat", "bagi Perempuan Kepala Keluarga",
]

# Slots of the sentence templates below.
WORDS = {
    "unit": [
        "Dinas Kesehatan", "puskesmas", "kantor kecamatan", "Dinas Kependudukan dan Pencatatan Sipil",
        "rumah sakit daerah", "Dinas Sosial", "mal pelayanan publik", "kelurahan", "Dinas Pendidikan",
        "Badan Pendapatan Daerah", "Dinas Perhubungan", "Dinas Lingkungan Hidup",
    ],
    "layanan": [
        "pelayanan administrasi kependudukan", "pelayanan kesehatan dasar", "perizinan usaha",
        "pengaduan masyarakat", "penyaluran bantuan sosial", "pembayaran pajak daerah",
        "pelayanan persalinan", "imunisasi anak", "pengurusan akta kelahiran", "rujukan pasien",
        "pengelolaan sampah", "penyediaan air bersih", "pendaftaran sekolah", "layanan informasi publik",
    ],
    "sasaran": [
        "warga desa", "ibu hamil", "lansia", "pelajar", "nelayan", "petani", "penyandang disabilitas",
        "pelaku usaha mikro", "keluarga miskin", "pekerja migran", "anak balita", "masyarakat adat",
    ],
    "masalah": [
        "menempuh perjalanan jauh ke kantor pelayanan", "menunggu berhari-hari untuk satu dokumen",
        "datang berulang kali karena berkas tidak lengkap", "membayar biaya perjalanan yang mahal",
        "tidak mendapat informasi yang jelas", "antre sejak subuh di depan loket",
        "kehilangan penghasilan selama mengurus dokumen", "tidak terjangkau petugas kesehatan",
    ],
    "cara": [
        "aplikasi pada telepon genggam", "petugas yang datang ke rumah warga", "loket keliling",
        "pesan singkat dan WhatsApp", "kerja sama dengan kader desa", "formulir daring",
        "kunjungan rutin ke posyandu", "layanan malam hari", "pembayaran nontunai",
        "data terpadu antarinstansi", "kios pelayanan mandiri",
    ],
    "mitra": [
        "pemerintah desa", "kader posyandu", "perguruan tinggi", "tokoh agama", "organisasi perempuan",
        "karang taruna", "dunia usaha", "lembaga swadaya masyarakat", "badan usaha milik desa",
    ],
    "hasil": [
        "jumlah pengaduan menurun", "cakupan imunisasi meningkat", "waktu pelayanan menjadi lebih singkat",
        "biaya yang dikeluarkan warga berkurang", "kepuasan masyarakat meningkat",
        "angka stunting menurun", "penerimaan daerah meningkat", "dokumen selesai pada hari yang sama",
        "keluhan tentang pungutan liar hilang", "jumlah warga yang terlayani bertambah",
    ],
    "periode": ["minggu", "bulan", "triwulan", "semester", "tahun"],
    "dokumen": [
        "peraturan bupati", "keputusan kepala dinas", "standar operasional prosedur",
        "peraturan wali kota", "surat edaran sekretaris daerah", "peraturan desa",
    ],
    "anggaran": [
        "anggaran pendapatan dan belanja daerah", "dana desa", "dana alokasi khusus",
        "tanggung jawab sosial perusahaan", "swadaya masyarakat",
    ],
}

# Each template's {placeholders} come from WORDS; {n}, {m} and {p} are numbers.
SENTENCE_TEMPLATES = [
    "Sebelum inovasi ini, {sasaran} harus {masalah}.",
    "{unit} memperbaiki {layanan} melalui {cara}.",
    "Inovasi ini mendekatkan {layanan} kepada {sasaran} dengan {cara}.",
    "Setelah inovasi berjalan, {hasil} dalam {n} {periode} pertama.",
    "Waktu penyelesaian {layanan} turun dari {n} hari menjadi {m} jam.",
    "Sebanyak {p} persen {sasaran} kini terlayani tanpa harus {masalah}.",
    "Pelaksanaan inovasi melibatkan {mitra} dan {mitra}.",
    "Inovasi ini dikuatkan dengan {dokumen} sehingga tetap berjalan ketika pimpinan berganti.",
    "Biaya pelaksanaan berasal dari {anggaran} dan {anggaran}.",
    "Petugas mencatat setiap permintaan dan melaporkannya kepada pimpinan setiap {periode}.",
    "Evaluasi dilakukan setiap {periode} dengan survei kepuasan kepada {sasaran}.",
    "Hasil survei menunjukkan indeks kepuasan naik dari {n} menjadi {p}.",
    "Inovasi serupa telah direplikasi oleh {n} daerah lain setelah studi banding.",
    "Kunci keberhasilan inovasi ini adalah kerja sama dengan {mitra}.",
    "Masalah utama yang diatasi adalah {sasaran} yang {masalah}.",
    "Tujuan inovasi ini adalah agar {hasil} dan pelayanan lebih adil.",
    "Yang baru dari inovasi ini adalah penggunaan {cara} untuk {layanan}.",
    "Tim pelaksana terdiri atas {n} petugas {unit} yang dilatih secara khusus.",
    "Sarana yang digunakan antara lain {cara} dan ruang tunggu yang nyaman.",
    "Untuk keberlanjutan, {unit} menetapkan {dokumen} dan menganggarkan biaya setiap {periode}.",
    "Secara sosial, {mitra} ikut mengawasi dan menyampaikan masukan dari {sasaran}.",
    "Data pelayanan diumumkan secara terbuka setiap {periode} agar masyarakat dapat menilai.",
    "Pada tahun pertama tercatat {n} ribu warga menggunakan {layanan} melalui inovasi ini.",
    "Tantangan terbesar adalah jaringan internet yang belum merata, yang diatasi dengan {cara}.",
    "Inovasi ini mudah ditiru karena hanya membutuhkan {cara} dan dukungan {mitra}.",
]

CATEGORIES_2015 = [
    "Meningkatkan pemberian pelayanan kepada masyarakat",
    "Memperkuat partisipasi masyarakat dalam pembuatan kebijakan melalui mekanisme yang inovatif",
    "Mendorong pemerintahan berbasis pendekatan kolaboratif dalam era informasi",
    "Mendorong responsif gender dalam pemberian pelayanan",
]
CATEGORIES_2022 = [
    "Pelayanan publik yang inklusif dan berkeadilan",
    "Kelembagaan yang efektif untuk pencapaian tujuan pembangunan berkelanjutan",
    "Ketangguhan kelembagaan selama dan sesudah pandemi",
]

POSITIONS = ["Analis Kebijakan", "Pranata Komputer", "Kepala Seksi Pelayanan", "Staf Pelaksana", "Kepala Subbagian Umum"]
EXPERTISE = ["Kebijakan publik", "Kesehatan masyarakat", "Tata kelola digital", "Ekonomi daerah", "Gender dan inklusi"]
