"""python manage.py seed_demo [--scale tiny|small|full] [--seed N] [--reset]"""

from django.core.management.base import BaseCommand, CommandError

from home import demo


class Command(BaseCommand):
    help = "生成西乡县演示数据（23 个乡镇、267 个行政村、农户、用户、考核等）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.HOUSEHOLDS_PER_VILLAGE), default="small",
                            help="small：每村约 30 户（默认）；full：每村约 360 户；tiny：测试用")
        parser.add_argument("--seed", type=int, default=2009, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--reset", action="store_true", help="先删除已有的演示数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做（make run 使用）")

    def handle(self, *args, scale, seed, reset, if_empty, **options):
        ctx = demo.DemoContext(scale=scale, seed=seed, write=self.stdout.write)
        if demo.database_has_demo_data():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据生成。")
                return
            if not reset:
                raise CommandError("数据库不是空的：如需重新生成演示数据，请加 --reset（会删除现有数据）")
            demo.reset(ctx)
        demo.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"演示数据生成完毕（规模 {scale}，种子 {seed}）"))
