"""syndication"""
