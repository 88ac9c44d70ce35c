def add_init_arguments(parser):
    pass
