"""Names of the demo's pairing units (spec/demo-data.md): county departments, enterprises and
township stations beyond the 18 catalogue departments, to reach the article's 178 units and
82 township stations."""

UNITS_TOTAL = 178  # county departments and enterprises pairing with poor villages (article)
STATIONS_TOTAL = 82  # township stations (article)

#: Where the 39 county-level leaders sit.
LEADERSHIP_UNITS = ["县委", "县人民政府", "县人大常委会", "县政协"]

COUNTY_DEPARTMENTS = LEADERSHIP_UNITS + [
    "县委办公室", "县政府办公室", "县人大常委会办公室", "县政协办公室", "县纪委", "县委宣传部", "县委统战部",
    "县委政法委", "县发展和改革局", "县工业和信息化局", "县科学技术局", "县司法局", "县人力资源和社会保障局",
    "县国土资源局", "县环境保护局", "县林业局", "县商务局", "县审计局", "县工商行政管理局", "县质量技术监督局",
    "县食品药品监督管理局", "县安全生产监督管理局", "县旅游局", "县粮食局", "县供销合作社", "县农业机械管理局",
    "县移民开发办公室", "县人民法院", "县人民检察院", "县地方税务局", "县国家税务局", "县广播电视网络公司",
    "县供电分公司", "县邮政局", "县电信分公司", "县移动分公司", "县联通分公司", "县农村信用合作联社",
    "县农业银行", "县工商银行", "县建设银行", "县中国银行", "县邮政储蓄银行", "县人民医院", "县中医医院",
    "县疾病预防控制中心", "县妇幼保健院", "县第一中学", "县第二中学", "县职业教育中心", "共青团西乡县委",
    "县妇女联合会", "县总工会", "县科学技术协会", "县文学艺术界联合会", "县残疾人联合会", "县气象局",
    "县烟草专卖局", "县公路管理段", "县公安交通警察大队", "县公安消防大队", "县人民武装部", "县档案局",
    "县委党校", "县机关事务管理局", "县房产管理局", "县城市管理局", "县规划局", "县招商局", "县物价局",
    "县水产工作站", "县农业技术推广中心", "县经济作物技术指导站", "县种子管理站", "县植保站",
    "县土壤肥料工作站", "县果业局", "县蚕桑站", "县农村能源工作站", "县扶贫开发办公室",
]
ENTERPRISE_PREFIXES = ["汉江", "午子", "牧马河", "子午", "金山", "龙泉", "秦巴", "云亭", "青龙", "白云",
                       "鹏翔", "兴华", "宏达", "恒通", "瑞丰", "天源", "金穗", "绿源", "华泰", "东升"]
ENTERPRISE_TRADES = ["茶业", "食品", "建材", "电力", "矿业", "农业开发", "药业", "生猪养殖", "物流", "酒业"]
STATION_KINDS = ["农业综合服务站", "畜牧兽医站", "林业站", "水利站", "财政所", "文化广播站", "计划生育服务站", "卫生院"]


def enterprise_names(count: int) -> list[str]:
    names = []
    for trade in ENTERPRISE_TRADES:
        for prefix in ENTERPRISE_PREFIXES:
            names.append(f"西乡县{prefix}{trade}有限公司")
    return names[:count]


def station_names(township_names: list[str]) -> list[tuple[str, str]]:
    """(township name, station name): 3 stations per township, a 4th in the first ones, 82 in all."""
    result = []
    for index in range(STATIONS_TOTAL):
        township = township_names[index % len(township_names)]
        kind = STATION_KINDS[index // len(township_names)]
        result.append((township, f"{township}{kind}"))
    return result
